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

package dev.lifeline.server;

import java.time.Duration;

import dev.lifeline.test.EchoTestApplication;
import dev.lifeline.test.RawWebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that closes with 1011, an unexpected condition on its side, is counted as
 * {@link CloseCause#CLIENT_ERROR} and logged at DEBUG: it is the client's error, and a
 * WARN would send an operator looking for a server fault that is not there. Lifeline's
 * own 1011, when the application's handler throws, stays {@link CloseCause#SERVER_ERROR}
 * ({@code FaultToleranceTests}).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = EchoTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "logging.level.dev.lifeline.server.engine.ConnectionCleanupListener=debug")
class ClientCloseCauseTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Test
	void clientsInternalErrorIsCountedAsTheClientsAndLoggedAtDebug(CapturedOutput output) throws Exception {
		SessionStatistics statistics = this.sessions.getStatistics();
		long clientErrors = statistics.getClosed(CloseCause.CLIENT_ERROR);
		long serverErrors = statistics.getClosed(CloseCause.SERVER_ERROR);
		try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 1);
			client.sendClose(1011, "client broke");
			assertThat(client.awaitClose(TIMEOUT)).isEqualTo(1011);
		}
		await().atMost(TIMEOUT).until(() -> statistics.getClosed(CloseCause.CLIENT_ERROR) == clientErrors + 1);
		assertThat(statistics.getClosed(CloseCause.SERVER_ERROR)).isEqualTo(serverErrors);
		await().atMost(TIMEOUT).until(() -> output.getAll().contains("cause=CLIENT_ERROR"));
		assertThat(output.getAll().lines().filter((line) -> line.contains("cause=CLIENT_ERROR"))).singleElement()
			.satisfies((line) -> assertThat(line).contains(" DEBUG ").doesNotContain(" WARN "));
	}

}
