/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.lifeline.server.engine;

import java.util.concurrent.atomic.AtomicInteger;

import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.ManagedEndpoint;
import dev.lifeline.server.SessionSettings;
import org.jspecify.annotations.Nullable;

/**
 * One of Lifeline's managed endpoints: an application {@code WebSocketHandler} mapped at
 * its own path, with its own session settings, counters and open-session count. Its name
 * is the handler's bean name; it tags the endpoint's meters and identifies its sessions
 * ({@link LifelineSession#getEndpoint()}).
 *
 * @author Lifeline contributors
 */
final class Endpoint implements ManagedEndpoint {

	private final String name;

	private final @Nullable String path;

	private final SessionSettings settings;

	private final SessionCounters statistics;

	private final AtomicInteger active = new AtomicInteger();

	Endpoint(String name, @Nullable String path, SessionSettings settings, SessionCounters total) {
		this.name = name;
		this.path = path;
		this.settings = settings;
		this.statistics = new SessionCounters(total);
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public @Nullable String getPath() {
		return this.path;
	}

	@Override
	public SessionSettings getSettings() {
		return this.settings;
	}

	@Override
	public SessionCounters getStatistics() {
		return this.statistics;
	}

	@Override
	public int count() {
		return this.active.get();
	}

	void opened() {
		this.active.incrementAndGet();
	}

	void finished() {
		this.active.decrementAndGet();
	}

	@Override
	public String toString() {
		return "ManagedEndpoint[" + this.name + " at " + this.path + "]";
	}

}
