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
import java.util.Map;

import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient.Frame;
import dev.lifeline.test.RawWebSocketClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.WebSocketExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The managed path declines permessage-deflate unless
 * {@code lifeline.per-message-deflate} is set, even though the client offers it and
 * Tomcat supports it.
 */
class PerMessageDeflateTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String BROWSER_OFFER = "permessage-deflate; client_max_window_bits";

	abstract static class RunningServer {

		@LocalServerPort
		int port;

		@Autowired
		WebSocketSessions sessions;

		RawWebSocketClient handshake(String offer) throws Exception {
			RawWebSocketClient client = RawWebSocketClient.connectTcp(this.port);
			assertThat(client.handshake("/ws", Map.of("Sec-WebSocket-Extensions", offer))).isEqualTo(101);
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 1);
			return client;
		}

		LifelineSession session() {
			return this.sessions.stream().findFirst().orElseThrow();
		}

	}

	@Nested
	@LifelineServerTest
	class Default extends RunningServer {

		@Test
		void browserOfferIsDeclinedAndMessagesGoUncompressed() throws Exception {
			try (RawWebSocketClient client = handshake(BROWSER_OFFER)) {
				assertThat(client.responseHeader("Sec-WebSocket-Extensions")).isNull();
				assertThat(session().getExtensions()).isEmpty();
				client.sendText("hello");
				Frame echo = client.readMessage(TIMEOUT);
				assertThat(echo.rsv()).isZero();
				assertThat(echo.text()).isEqualTo("hello");
			}
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 0);
		}

		@Test
		void offerAmongOthersIsDeclined() throws Exception {
			try (RawWebSocketClient client = handshake("x-unknown, " + BROWSER_OFFER + ", permessage-deflate")) {
				assertThat(client.responseHeader("Sec-WebSocket-Extensions")).isNull();
				client.sendText("hello");
				assertThat(client.readMessage(TIMEOUT).text()).isEqualTo("hello");
			}
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 0);
		}

	}

	@Nested
	@LifelineServerTest(properties = "lifeline.per-message-deflate=true")
	class Enabled extends RunningServer {

		@Test
		void browserOfferIsAccepted() throws Exception {
			try (RawWebSocketClient client = handshake(BROWSER_OFFER)) {
				assertThat(client.responseHeader("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
				assertThat(session().getExtensions()).extracting(WebSocketExtension::getName)
					.containsExactly("permessage-deflate");
			}
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 0);
		}

	}

}
