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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What resumable sessions did on this server since it started: detaches, resumes and
 * refusals by reason, messages replayed, and the gaps resumes closed.
 *
 * @author Lifeline contributors
 */
public final class ResumeCounters {

	private final LongAdder detached = new LongAdder();

	private final LongAdder resumed = new LongAdder();

	private final LongAdder replayed = new LongAdder();

	private final LongAdder gapNanos = new LongAdder();

	private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();

	void detached() {
		this.detached.increment();
	}

	void resumed(int replayed, long gapNanos) {
		this.resumed.increment();
		this.replayed.add(replayed);
		this.gapNanos.add(gapNanos);
	}

	void refused(String reason) {
		this.refused.computeIfAbsent(reason, (key) -> new LongAdder()).increment();
	}

	/**
	 * Return how many times a session was detached from its connection.
	 * @return the count
	 */
	public long getDetached() {
		return this.detached.sum();
	}

	/**
	 * Return how many resumes succeeded.
	 * @return the count
	 */
	public long getResumed() {
		return this.resumed.sum();
	}

	/**
	 * Return how many resumes were refused for a reason.
	 * @param reason the reason, as sent to the client ({@code expired}, {@code unknown},
	 * …)
	 * @return the count
	 */
	public long getRefused(String reason) {
		LongAdder count = this.refused.get(reason);
		return (count != null) ? count.sum() : 0;
	}

	/**
	 * Return how many messages resumes replayed.
	 * @return the count
	 */
	public long getReplayed() {
		return this.replayed.sum();
	}

	/**
	 * Return the total time, in nanoseconds, sessions spent detached before they resumed.
	 * @return the total
	 */
	public long getGapNanos() {
		return this.gapNanos.sum();
	}

}
