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

/**
 * A token bucket for the data messages one session receives: it holds up to {@code burst}
 * tokens, refills at {@code messagesPerSecond}, and each message takes one. Called only
 * from the thread that delivers the session's messages, so it needs no synchronization.
 *
 * @author Lifeline contributors
 */
final class RateLimit {

	private static final double NANOS_PER_SECOND = 1_000_000_000.0;

	private final double tokensPerNano;

	private final double burst;

	private double tokens;

	private long refilledAt;

	/**
	 * Create a full bucket.
	 * @param messagesPerSecond the sustained rate
	 * @param burst the most messages that may arrive at once
	 * @param now the current {@link System#nanoTime()}
	 */
	RateLimit(double messagesPerSecond, int burst, long now) {
		this.tokensPerNano = messagesPerSecond / NANOS_PER_SECOND;
		this.burst = burst;
		this.tokens = burst;
		this.refilledAt = now;
	}

	/**
	 * Take a token for one message.
	 * @param now the current {@link System#nanoTime()}
	 * @return {@code false} if the bucket is empty
	 */
	boolean tryAcquire(long now) {
		long elapsed = now - this.refilledAt;
		if (elapsed > 0) {
			this.tokens = Math.min(this.burst, this.tokens + elapsed * this.tokensPerNano);
			this.refilledAt = now;
		}
		if (this.tokens < 1) {
			return false;
		}
		this.tokens -= 1;
		return true;
	}

}
