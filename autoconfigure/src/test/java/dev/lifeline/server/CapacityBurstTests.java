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
 * {@code lifeline.max-sessions} is exact under a burst of handshakes: the slot is
 * reserved before the upgrade, so no handshake is upgraded and then closed for lack of
 * room, and a slot comes back when an upgrade fails or a session closes.
 */
@LifelineServerTest(properties = { "lifeline.max-sessions=50", "lifeline.heartbeat.enabled=false" })
class CapacityBurstTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	SessionSlots slots;

	@Test
	void burstOf300HandshakesGetsExactly50Upgrades() throws Exception {
		long rejectedBefore = this.sessions.getStatistics().getRejected(RejectionReason.CAPACITY);
		try (HandshakeBurst burst = HandshakeBurst.send(this.port, "/ws", 300, Map.of())) {
			List<RawWebSocketClient> upgraded = burst.withStatus(101);
			List<RawWebSocketClient> refused = burst.withStatus(503);
			assertThat(upgraded).hasSize(50);
			assertThat(refused).hasSize(250);
			assertThat(refused).allSatisfy((client) -> assertThat(client.responseHeader("Retry-After")).isNotBlank());
			for (RawWebSocketClient client : upgraded) {
				client.sendText("still here");
			}
			for (RawWebSocketClient client : upgraded) {
				assertThat(client.readMessage(Duration.ofSeconds(10)).text()).isEqualTo("still here");
			}
			assertThat(this.sessions.count()).isEqualTo(50);
			assertThat(this.slots.getReserved()).isEqualTo(50);
			assertThat(this.sessions.getStatistics().getRejected(RejectionReason.CAPACITY) - rejectedBefore)
				.isEqualTo(250);
			for (RawWebSocketClient client : upgraded) {
				client.sendClose(1000, "done");
			}
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.slots.getReserved()).isZero());
		assertThat(this.sessions.count()).isZero();
		try (RawWebSocketClient again = RawWebSocketClient.connect(this.port, "/ws")) {
			again.sendText("room again");
			assertThat(again.readMessage(Duration.ofSeconds(5)).text()).isEqualTo("room again");
		}
	}

	@Test
	void failedUpgradesGiveTheirSlotsBack() throws Exception {
		try (HandshakeBurst burst = HandshakeBurst.send(this.port, "/ws", 60, Map.of("Sec-WebSocket-Version", "12"))) {
			assertThat(burst.withStatus(101)).isEmpty();
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.slots.getReserved()).isZero());
		try (HandshakeBurst burst = HandshakeBurst.send(this.port, "/ws", 50, Map.of())) {
			assertThat(burst.withStatus(101)).hasSize(50);
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.slots.getReserved()).isZero());
	}

}
