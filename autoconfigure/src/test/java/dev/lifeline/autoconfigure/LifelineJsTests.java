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

package dev.lifeline.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lifeline.test.Executables;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the unit tests of {@code lifeline.js} ({@code src/test/js}) on Node's own test
 * runner: the client's framing, acknowledgements, resume, backoff, send queue and
 * dead-connection check against a scripted WebSocket on mock timers. They need nothing
 * but Node 20 or later, nothing is downloaded, and no real time passes, so they are as
 * quick and repeatable as the Java tests beside them. Skipped without Node, except in CI.
 */
class LifelineJsTests {

	private static final Path TESTS = Path.of("src", "test", "js", "lifeline.test.mjs");

	private static final Pattern SUMMARY = Pattern.compile("^# (tests|pass|fail) (\\d+)$", Pattern.MULTILINE);

	@Test
	void clientUnitTestsPass() throws IOException, InterruptedException {
		Path node = Executables.find("node", Path.of("/usr/bin/node")).orElse(null);
		Executables.assumeInstalled(node != null && majorVersion(node) >= 20,
				"Node.js 20 or later is missing. Install it with: apt-get install nodejs");
		Path output = Files.createTempFile("lifeline-js", ".tap");
		try {
			Process process = new ProcessBuilder(node.toString(), "--test", "--test-reporter=tap", TESTS.toString())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			boolean exited = process.waitFor(60, TimeUnit.SECONDS);
			if (!exited) {
				process.destroyForcibly();
			}
			String tap = Files.readString(output, StandardCharsets.UTF_8);
			assertThat(exited).as("node --test finished within 60 s:%n%s", tap).isTrue();
			assertThat(process.exitValue()).as("node --test exit code:%n%s", tap).isZero();
			assertThat(count(tap, "fail")).as(tap).isZero();
			assertThat(count(tap, "pass")).as("passed").isEqualTo(count(tap, "tests")).isGreaterThan(20);
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private static int count(String tap, String what) {
		Matcher matcher = SUMMARY.matcher(tap);
		while (matcher.find()) {
			if (matcher.group(1).equals(what)) {
				return Integer.parseInt(matcher.group(2));
			}
		}
		return -1;
	}

	private static int majorVersion(Path node) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
		String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		process.waitFor(10, TimeUnit.SECONDS);
		Matcher matcher = Pattern.compile("^v(\\d+)\\.").matcher(version);
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
	}

}
