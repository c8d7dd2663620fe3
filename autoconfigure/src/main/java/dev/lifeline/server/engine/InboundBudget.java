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

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that all sessions together may hold in partially received messages. The
 * message size limits bound one session's partial message, but not their sum: ten
 * thousand sessions each halfway through a 64 KB message hold 640 MB. A part that would
 * take the total past the budget is refused, and its session is closed instead of the
 * server running out of memory.
 *
 * @author Lifeline contributors
 */
public class InboundBudget {

	private final long limit;

	private final AtomicLong held = new AtomicLong();

	/**
	 * Create a budget.
	 * @param limit the most bytes held at once across all sessions
	 */
	public InboundBudget(long limit) {
		this.limit = limit;
	}

	/**
	 * Take bytes from the budget.
	 * @param bytes the bytes about to be held
	 * @return {@code false}, taking nothing, if the budget does not have them
	 */
	boolean tryAcquire(long bytes) {
		long current;
		do {
			current = this.held.get();
			if (current + bytes > this.limit) {
				return false;
			}
		}
		while (!this.held.compareAndSet(current, current + bytes));
		return true;
	}

	/**
	 * Give bytes back to the budget.
	 * @param bytes the bytes no longer held
	 */
	void release(long bytes) {
		this.held.addAndGet(-bytes);
	}

	/**
	 * Return the bytes held in partial messages now.
	 * @return the bytes held
	 */
	public long getHeld() {
		return this.held.get();
	}

	/**
	 * Return the most bytes that may be held at once.
	 * @return the limit
	 */
	public long getLimit() {
		return this.limit;
	}

}
