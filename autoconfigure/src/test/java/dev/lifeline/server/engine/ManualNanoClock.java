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

import java.time.Duration;

/**
 * A {@link NanoClock} that stands still until a test moves it, so that heartbeat and
 * timing wheel tests run on time they control rather than on the machine's.
 * <p>
 * Safe to read from another thread than the one that moves it.
 */
final class ManualNanoClock implements NanoClock {

	private volatile long nanos;

	/**
	 * Create a clock that reads {@code start} until moved.
	 * @param start the first reading
	 */
	ManualNanoClock(long start) {
		this.nanos = start;
	}

	/**
	 * Create a clock that starts at the system's current reading. Sessions stamp their
	 * opening and their frames with {@link System#nanoTime()} themselves, so a heartbeat
	 * test's clock starts in that time base, before any session opens; from then on only
	 * the test moves it.
	 * @return the clock
	 */
	static ManualNanoClock startingNow() {
		return new ManualNanoClock(System.nanoTime());
	}

	@Override
	public long nanoTime() {
		return this.nanos;
	}

	/**
	 * Move the clock to a reading.
	 * @param nanos the new reading
	 */
	void set(long nanos) {
		this.nanos = nanos;
	}

	/**
	 * Move the clock on.
	 * @param duration how far
	 * @return the new reading
	 */
	long advance(Duration duration) {
		return advance(duration.toNanos());
	}

	/**
	 * Move the clock on.
	 * @param nanos how far, in nanoseconds
	 * @return the new reading
	 */
	long advance(long nanos) {
		long now = this.nanos + nanos;
		this.nanos = now;
		return now;
	}

}
