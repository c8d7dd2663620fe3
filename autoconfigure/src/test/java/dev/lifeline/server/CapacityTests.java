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

import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code lifeline.max-sessions} refuses handshakes with 503 before any upgrade.
 */
@LifelineServerTest(properties = "lifeline.max-sessions=2")
class CapacityTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Test
	void handshakeBeyondCapacityGets503WithRetryAfter() throws Exception {
		try (JdkWebSocketClient first = JdkWebSocketClient.connect(this.port, "/ws");
				JdkWebSocketClient second = JdkWebSocketClient.connect(this.port, "/ws");
				RawWebSocketClient third = RawWebSocketClient.connectTcp(this.port)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 2);
			assertThat(third.handshake("/ws", Map.of())).isEqualTo(503);
			assertThat(third.responseHeader("Retry-After")).isNotBlank();
			assertThat(third.responseHeader("Upgrade")).isNull();
			assertThat(this.sessions.count()).isEqualTo(2);
			assertThat(this.sessions.getStatistics().getRejected(RejectionReason.CAPACITY)).isEqualTo(1);
			first.send("still served");
			assertThat(first.nextText(Duration.ofSeconds(5))).isEqualTo("still served");
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 0);
		try (JdkWebSocketClient again = JdkWebSocketClient.connect(this.port, "/ws")) {
			again.send("room again");
			assertThat(again.nextText(Duration.ofSeconds(5))).isEqualTo("room again");
		}
	}

}
