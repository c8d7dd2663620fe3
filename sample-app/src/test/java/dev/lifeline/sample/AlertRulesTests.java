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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the alert rules in {@code docs/observability} with Prometheus's own
 * {@code promtool}: they load, and their unit tests (each alert fires on a synthetic
 * series and stays quiet on healthy ones) pass.
 */
class AlertRulesTests {

	static final Path DOCS = Path.of("..", "docs", "observability");

	@BeforeAll
	static void requirePromtool() {
		PrometheusProcess.requireInstalled();
	}

	@Test
	void rulesLoad() throws Exception {
		assertThat(promtool("check", "rules", "lifeline-alerts.yml")).contains("SUCCESS: 5 rules found");
	}

	@Test
	void everyAlertFiresOnItsSyntheticSeriesAndStaysQuietOnHealthyOnes() throws Exception {
		assertThat(promtool("test", "rules", "lifeline-alerts-test.yml")).contains("SUCCESS");
	}

	private static String promtool(String... arguments) throws IOException, InterruptedException {
		String[] command = new String[arguments.length + 1];
		command[0] = PrometheusProcess.PROMTOOL.toString();
		System.arraycopy(arguments, 0, command, 1, arguments.length);
		Process process = new ProcessBuilder(command).directory(DOCS.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", arguments), output).isZero();
		return output;
	}

}
