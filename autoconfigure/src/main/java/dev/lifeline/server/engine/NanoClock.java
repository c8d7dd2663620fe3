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
 * A source of {@link System#nanoTime()}-like readings for the heartbeat and its timing
 * wheel, so that a unit test can move time by hand instead of sleeping.
 *
 * @author Lifeline contributors
 */
@FunctionalInterface
interface NanoClock {

	/**
	 * The system's monotonic clock, {@link System#nanoTime()}.
	 */
	NanoClock SYSTEM = System::nanoTime;

	/**
	 * Return the current reading, in nanoseconds; only differences between two readings
	 * are meaningful.
	 * @return the current reading
	 */
	long nanoTime();

}
