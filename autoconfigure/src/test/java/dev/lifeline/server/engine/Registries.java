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

import dev.lifeline.server.OverflowStrategy;
import dev.lifeline.server.SessionLifecycleListener;
import dev.lifeline.server.SessionSettings;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.unit.DataSize;

/**
 * Session registries with the default settings, for unit tests on in-memory sessions.
 */
public final class Registries {

	private Registries() {
	}

	public static SessionRegistry create(int maxSessions, List<SessionLifecycleListener> listeners,
			@Nullable ApplicationEventPublisher eventPublisher) {
		SessionSettings settings = new SessionSettings(maxSessions, DataSize.ofKilobytes(64), DataSize.ofKilobytes(64),
				Duration.ofSeconds(10), DataSize.ofKilobytes(512), OverflowStrategy.TERMINATE, Duration.ofSeconds(1),
				Duration.ofSeconds(1), Duration.ofSeconds(1));
		return new SessionRegistry(settings, () -> listeners, eventPublisher);
	}

}
