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

import dev.lifeline.server.handshake.SessionSlots;
import dev.lifeline.test.HandshakeBurst;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code lifeline.max-sessions-per-address} counts the client's address as Boot's
 * forward-headers support resolves it behind a proxy, and is exact under a burst.
 */
@LifelineServerTest(properties = { "lifeline.max-sessions-per-address=3", "server.forward-headers-strategy=native",
		"lifeline.heartbeat.enabled=false" })
class AddressCapTests {

	private static final Map<String, String> CLIENT_A = Map.of("X-Forwarded-For", "203.0.113.7");

	private static final Map<String, String> CLIENT_B = Map.of("X-Forwarded-For", "198.51.100.20");

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	SessionSlots slots;

	@Test
	void burstFromOneAddressGetsExactlyTheCapAnd429ForTheRest() throws Exception {
		long rejectedBefore = this.sessions.getStatistics().getRejected(RejectionReason.ADDRESS_LIMIT);
		try (HandshakeBurst burst = HandshakeBurst.send(this.port, "/ws", 40, CLIENT_A);
				RawWebSocketClient other = RawWebSocketClient.connectTcp(this.port)) {
			List<RawWebSocketClient> upgraded = burst.withStatus(101);
			List<RawWebSocketClient> refused = burst.withStatus(429);
			assertThat(upgraded).hasSize(3);
			assertThat(refused).hasSize(37);
			assertThat(refused).allSatisfy((client) -> assertThat(client.responseHeader("Retry-After")).isNotBlank());
			assertThat(this.sessions.getStatistics().getRejected(RejectionReason.ADDRESS_LIMIT) - rejectedBefore)
				.isEqualTo(37);
			assertThat(this.slots.getReservedByAddress("203.0.113.7")).isEqualTo(3);
			assertThat(other.handshake("/ws", CLIENT_B)).isEqualTo(101);
			for (RawWebSocketClient client : upgraded) {
				client.sendText("served");
				assertThat(client.readMessage(Duration.ofSeconds(5)).text()).isEqualTo("served");
			}
			upgraded.get(0).sendClose(1000, "done");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(this.slots.getReservedByAddress("203.0.113.7")).isEqualTo(2));
			try (RawWebSocketClient again = RawWebSocketClient.connectTcp(this.port)) {
				assertThat(again.handshake("/ws", CLIENT_A)).isEqualTo(101);
			}
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.slots.getReserved()).isZero());
	}

}
