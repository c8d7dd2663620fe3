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

package dev.lifeline.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * Finds the programs that some tests run (nginx, redis-server) so that those tests can
 * skip themselves when a program is not installed, except in CI.
 */
public final class Executables {

	private Executables() {
	}

	/**
	 * Find an executable at one of the given locations or, failing that, on the
	 * {@code PATH}. Distribution paths come first because {@code /usr/sbin} is often not
	 * on a non-root user's {@code PATH}.
	 * @param name the program's file name
	 * @param locations where the distribution installs it
	 * @return the executable, if any
	 */
	public static Optional<Path> find(String name, Path... locations) {
		Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, name));
		return Stream.concat(Stream.of(locations), onPath).filter(Files::isExecutable).findFirst();
	}

	/**
	 * Skip the calling test, with a message that says what to install, when a program it
	 * needs is missing; fail it instead when the environment variable {@code CI} is
	 * {@code true}, as CI services set it, so that a failed install cannot turn a suite
	 * into silent skips there.
	 * @param installed whether the program is installed
	 * @param message what is missing and how to install it
	 */
	public static void assumeInstalled(boolean installed, String message) {
		if (installed) {
			return;
		}
		if (Boolean.parseBoolean(System.getenv("CI"))) {
			fail(message + " (CI=true: a test that needs it fails instead of being skipped)");
		}
		Assumptions.abort(message);
	}

}
