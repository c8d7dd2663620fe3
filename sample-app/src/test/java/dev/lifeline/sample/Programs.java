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

package dev.lifeline.sample;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * What the sample's tests do when a program they run is not installed.
 */
final class Programs {

	private Programs() {
	}

	/**
	 * Skip the calling test, with a message that says what to install, when a program it
	 * needs is missing; fail it instead when the environment variable {@code CI} is
	 * {@code true}, as CI services set it, so that a failed install cannot turn a test
	 * into a silent skip there.
	 * @param installed whether the program is installed
	 * @param message what is missing and how to install it
	 */
	static void assumeInstalled(boolean installed, String message) {
		if (installed) {
			return;
		}
		if (Boolean.parseBoolean(System.getenv("CI"))) {
			fail(message + " (CI=true: a test that needs it fails instead of being skipped)");
		}
		Assumptions.abort("Skipped: " + message);
	}

}
