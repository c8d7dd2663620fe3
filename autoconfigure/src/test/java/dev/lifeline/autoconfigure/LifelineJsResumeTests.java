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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.lifeline.test.Executables;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.SessionEventRecorder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code lifeline.js} against the real server: through a relay that resets every
 * connection every 250 ms, without a close frame, the client sends 2,000 text and binary
 * messages alternately to the echo endpoint. Every message comes back exactly once and in
 * order, the server acknowledges all of them, and the application sees one session, one
 * open and, after the client's own close, one close. Runs Node's built-in WebSocket
 * ({@code --experimental-websocket} on Node 20); skipped without Node, except in CI.
 */
@LifelineServerTest
@Import(SessionEventRecorder.class)
class LifelineJsResumeTests {

	private static final Path SCRIPT = Path.of("src", "test", "js", "resume-soak.mjs");

	private static final int MESSAGES = 2000;

	@LocalServerPort
	private int port;

	@Autowired
	private SessionEventRecorder events;

	@Test
	void everyMessageComesBackOnceInOrderAcrossResets() throws IOException, InterruptedException {
		Map<String, Object> result = run(MESSAGES, 250);
		System.out.println("lifeline.js across resets: " + result);
		assertThat(result.get("received")).as("messages echoed").isEqualTo(MESSAGES);
		assertThat(result.get("inOrder")).as("echoed once each, in order").isEqualTo(true);
		assertThat(result.get("acked")).as("send() promises resolved").isEqualTo(MESSAGES);
		assertThat(result.get("failed")).isEqualTo(0);
		assertThat(result.get("opens")).as("sessions opened").isEqualTo(1);
		assertThat(result.get("refused")).isEqualTo(0);
		assertThat((Integer) result.get("resumes")).as("resumes").isGreaterThanOrEqualTo(3);
		assertThat((List<?>) result.get("resumedSessions"))
			.allSatisfy((session) -> assertThat(session).isEqualTo(result.get("session")));
		assertThat(result.get("closed")).isEqualTo(1000);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.events.closed().size() == 1);
		assertThat(this.events.opened()).singleElement()
			.satisfies((opened) -> assertThat(opened.getSession().getId()).isEqualTo(result.get("session")));
		assertThat(this.events.closed()).singleElement()
			.satisfies((closed) -> assertThat(closed.getClosure().code()).isEqualTo(1000));
	}

	private Map<String, Object> run(int messages, int cutEveryMillis) throws IOException, InterruptedException {
		Path node = Executables.find("node", Path.of("/usr/bin/node")).orElse(null);
		Executables.assumeInstalled(node != null,
				"Node.js 20 or later is missing. Install it with: apt-get install nodejs");
		Path output = Files.createTempFile("lifeline-js-resume", ".json");
		try {
			Process process = new ProcessBuilder(node.toString(), "--no-warnings", "--experimental-websocket",
					SCRIPT.toString(), String.valueOf(this.port), String.valueOf(messages),
					String.valueOf(cutEveryMillis))
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			boolean exited = process.waitFor(120, TimeUnit.SECONDS);
			if (!exited) {
				process.destroyForcibly();
			}
			String text = Files.readString(output, StandardCharsets.UTF_8).trim();
			assertThat(exited).as("node finished within 120 s:%n%s", text).isTrue();
			Executables.assumeInstalled(process.exitValue() != 3,
					"This Node.js has no WebSocket client: Node 20.10 or later is needed");
			assertThat(process.exitValue()).as("node exit code:%n%s", text).isZero();
			String json = text.lines().reduce((first, second) -> second).orElse("{}");
			return JsonParserFactory.getJsonParser().parseMap(json);
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

}
