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

package dev.lifeline.actuate.endpoint;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.lifeline.actuate.ActuatorClient;
import dev.lifeline.actuate.ActuatorClient.Response;
import dev.lifeline.actuate.LifelineActuatorTest;
import dev.lifeline.server.CloseCause;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.RawWebSocketClient.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WebSocketEndpoint} with real clients.
 */
@LifelineActuatorTest
class WebSocketEndpointIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final String MASK = "******";

	private static final String SECRET = "s3cr3t-t0ken";

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	ActuatorClient actuator;

	@AfterEach
	void awaitNoSessions() {
		await().atMost(TIMEOUT).until(() -> this.sessions.count() == 0);
	}

	@Test
	void listsExactlyTheOpenSessionsWithAllFields() throws Exception {
		try (JdkWebSocketClient first = JdkWebSocketClient.connect(this.port, "/ws");
				JdkWebSocketClient second = JdkWebSocketClient.connect(this.port, "/ws")) {
			first.send("hello");
			assertThat(first.nextText(TIMEOUT)).isEqualTo("hello");
			// The client's handshake can complete before the server registers the
			// session.
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 2);
			Set<String> open = this.sessions.stream().map(LifelineSession::getId).collect(Collectors.toSet());
			List<Map<String, Object>> sessions = awaitSessions((listed) -> listed.size() == 2
					&& listed.stream().allMatch((session) -> session.get("rttMillis") != null));
			assertThat(sessions).extracting((session) -> session.get("id")).containsExactlyInAnyOrderElementsOf(open);
			for (Map<String, Object> session : sessions) {
				assertThat(session).containsOnlyKeys("id", "endpoint", "remoteAddress", "principal", "path", "openedAt",
						"lastInboundAt", "lastPongAt", "rttMillis", "messagesIn", "messagesOut", "bytesIn", "bytesOut",
						"resume");
				assertThat(session).containsEntry("endpoint", "echoHandler")
					.containsEntry("remoteAddress", MASK)
					.containsEntry("principal", null)
					.containsEntry("path", "/ws");
				assertThat(Instant.parse((String) session.get("openedAt"))).isBeforeOrEqualTo(Instant.now());
				assertThat(Instant.parse((String) session.get("lastInboundAt"))).isBeforeOrEqualTo(Instant.now());
				assertThat(Instant.parse((String) session.get("lastPongAt"))).isBeforeOrEqualTo(Instant.now());
				assertThat(((Number) session.get("rttMillis")).doubleValue()).isGreaterThanOrEqualTo(0);
			}
			String firstId = this.sessions.stream()
				.filter((session) -> session.getMessagesIn() == 1)
				.findFirst()
				.orElseThrow()
				.getId();
			Map<String, Object> echoed = sessions.stream()
				.filter((session) -> session.get("id").equals(firstId))
				.findFirst()
				.orElseThrow();
			assertThat(echoed).containsEntry("messagesIn", 1)
				.containsEntry("messagesOut", 1)
				.containsEntry("bytesIn", 5)
				.containsEntry("bytesOut", 5);
		}
	}

	@Test
	void describesTheEndpoint() throws Exception {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
			awaitSessions((listed) -> listed.size() == 1);
			Response response = this.actuator.get("/actuator/websocket");
			Map<String, Object> body = response.read("$");
			assertThat(body).containsOnlyKeys("path", "active", "maxSessions", "users", "groups", "endpoints", "opened",
					"closed", "rejected", "heartbeat", "recentCloses", "sessions", "resume");
			assertThat(response.<Map<String, Object>>read("$.endpoints")).containsOnlyKeys("echoHandler");
			assertThat(response.<Map<String, Object>>read("$.endpoints.echoHandler"))
				.containsExactlyInAnyOrderEntriesOf(Map.of("path", "/ws", "active", 1, "maxSessions", 10000));
			assertThat(body).containsEntry("path", "/ws")
				.containsEntry("active", 1)
				.containsEntry("users", 0)
				.containsEntry("groups", 0)
				.containsEntry("maxSessions", 10000);
			assertThat(response.<Integer>read("$.opened")).isPositive();
			assertThat(response.<Map<String, Object>>read("$.closed")).containsOnlyKeys("total", "byCause");
			assertThat(response.<Map<String, Object>>read("$.closed.byCause")).hasSize(CloseCause.values().length)
				.containsEntry("RATE_LIMITED", 0)
				.containsEntry("CREDENTIALS_EXPIRED", 0)
				.containsEntry("OVERLOADED", 0);
			assertThat(response.<Map<String, Object>>read("$.rejected")).hasSize(RejectionReason.values().length)
				.containsEntry("USER_LIMIT", 0)
				.containsEntry("ADDRESS_LIMIT", 0);
			Map<String, Object> heartbeat = response.read("$.heartbeat");
			assertThat(heartbeat).containsOnlyKeys("enabled", "interval", "timeout", "lastSweepAt", "pingsSent",
					"timeouts");
			assertThat(heartbeat).containsEntry("enabled", true)
				.containsEntry("interval", "PT0.2S")
				.containsEntry("timeout", "PT3S");
			assertThat(Instant.parse((String) heartbeat.get("lastSweepAt"))).isBeforeOrEqualTo(Instant.now());
		}
	}

	@Test
	void limitsTheListedSessions() {
		try (JdkWebSocketClient first = JdkWebSocketClient.connect(this.port, "/ws");
				JdkWebSocketClient second = JdkWebSocketClient.connect(this.port, "/ws");
				JdkWebSocketClient third = JdkWebSocketClient.connect(this.port, "/ws")) {
			awaitSessions((listed) -> listed.size() == 3);
			Response response = this.actuator.get("/actuator/websocket?limit=2");
			assertThat(response.<Integer>read("$.active")).isEqualTo(3);
			assertThat(response.<List<Object>>read("$.sessions")).hasSize(2);
			assertThat(this.actuator.get("/actuator/websocket?limit=0").<List<Object>>read("$.sessions")).isEmpty();
		}
	}

	@Test
	void describesOneSessionOrAnswers404() {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
			String id = awaitSessions((listed) -> listed.size() == 1).get(0).get("id").toString();
			Response response = this.actuator.get("/actuator/websocket/" + id);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.<String>read("$.id")).isEqualTo(id);
			assertThat(response.<String>read("$.remoteAddress")).isEqualTo(MASK);
			assertThat(this.actuator.get("/actuator/websocket/no-such-session").status()).isEqualTo(404);
		}
	}

	@Test
	void killedClientDisappears() throws Exception {
		RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws");
		String id = awaitSessions((listed) -> listed.size() == 1).get(0).get("id").toString();
		client.reset();
		awaitSessions(List::isEmpty);
		assertThat(this.actuator.get("/actuator/websocket/" + id).status()).isEqualTo(404);
	}

	@Test
	void fragmentedPingAppearsInRecentClosesAsProtocolError() throws Exception {
		try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
			String id = awaitSessions((listed) -> listed.size() == 1).get(0).get("id").toString();
			client.sendFrame(false, RawWebSocketClient.OP_PING, "ping".getBytes(StandardCharsets.UTF_8));
			Frame close = client.readDataOrClose(TIMEOUT);
			assertThat(close.opcode()).isEqualTo(RawWebSocketClient.OP_CLOSE);
			assertThat(close.closeCode()).isEqualTo(1002);
			Map<String, Object> recent = awaitRecentClose(id);
			assertThat(recent).containsOnlyKeys("sessionId", "at", "code", "reason", "cause", "remoteAddress",
					"durationMillis");
			assertThat(recent).containsEntry("cause", "PROTOCOL_ERROR")
				.containsEntry("code", 1002)
				.containsEntry("remoteAddress", MASK);
			assertThat((String) recent.get("reason")).isNotBlank().isEqualTo(close.closeReason());
			assertThat(((Number) recent.get("durationMillis")).longValue()).isNotNegative();
			Response response = this.actuator.get("/actuator/websocket");
			assertThat(response.<Integer>read("$.closed.byCause.PROTOCOL_ERROR")).isPositive();
		}
	}

	@Test
	void deleteClosesTheSessionWith1008() throws Exception {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
			String id = awaitSessions((listed) -> listed.size() == 1).get(0).get("id").toString();
			Response response = this.actuator.delete("/actuator/websocket/" + id);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.<String>read("$.id")).isEqualTo(id);
			assertThat(client.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(1008);
			assertThat(client.closeReason()).isEqualTo("Closed by operator");
			assertThat(awaitRecentClose(id)).containsEntry("cause", "OPERATOR").containsEntry("code", 1008);
			awaitSessions(List::isEmpty);
		}
		assertThat(this.actuator.delete("/actuator/websocket/no-such-session").status()).isEqualTo(404);
	}

	private List<Map<String, Object>> awaitSessions(Predicate<List<Map<String, Object>>> condition) {
		return await().atMost(TIMEOUT)
			.until(() -> this.actuator.get("/actuator/websocket").<List<Map<String, Object>>>read("$.sessions"),
					condition);
	}

	private Map<String, Object> awaitRecentClose(String sessionId) {
		List<Map<String, Object>> closes = await().atMost(TIMEOUT)
			.until(() -> this.actuator.get("/actuator/websocket")
				.<List<Map<String, Object>>>read("$.recentCloses[?(@.sessionId == '" + sessionId + "')]"),
					(matching) -> !matching.isEmpty());
		return closes.get(0);
	}

	@Nested
	@TestPropertySource(properties = "lifeline.actuator.show-values=always")
	class ShowValuesAlways {

		@Test
		void showsRemoteAddresses() throws Exception {
			try (RawWebSocketClient client = RawWebSocketClient.connect(WebSocketEndpointIntegrationTests.this.port,
					"/ws")) {
				Map<String, Object> session = awaitSessions((listed) -> listed.size() == 1).get(0);
				assertThat(session).containsEntry("remoteAddress", "127.0.0.1");
				client.sendFrame(false, RawWebSocketClient.OP_PING, new byte[0]);
				assertThat(awaitRecentClose(session.get("id").toString())).containsEntry("remoteAddress", "127.0.0.1");
			}
		}

		@Test
		void neverExposesTheQueryString() throws Exception {
			int port = WebSocketEndpointIntegrationTests.this.port;
			String path = "/ws?token=" + SECRET;
			try (RawWebSocketClient raw = RawWebSocketClient.connect(port, path)) {
				String rawId = awaitSessions((listed) -> listed.size() == 1).get(0).get("id").toString();
				raw.sendFrame(false, RawWebSocketClient.OP_PING, new byte[0]);
				awaitRecentClose(rawId);
			}
			try (JdkWebSocketClient client = JdkWebSocketClient.connect(port, path)) {
				client.send("hello");
				Map<String, Object> session = awaitSessions(
						(listed) -> listed.size() == 1 && listed.get(0).get("rttMillis") != null)
					.get(0);
				assertThat(session).containsEntry("path", "/ws").containsEntry("remoteAddress", "127.0.0.1");
				for (String endpoint : List.of("/actuator/websocket", "/actuator/websocket/" + session.get("id"),
						"/actuator/health", "/actuator/metrics", "/actuator/metrics/websocket.sessions.active",
						"/actuator/prometheus")) {
					Response response = WebSocketEndpointIntegrationTests.this.actuator.get(endpoint);
					assertThat(response.status()).as(endpoint).isEqualTo(200);
					assertThat(response.body()).as(endpoint).doesNotContain(SECRET).doesNotContain("token=");
				}
			}
		}

	}

	@Nested
	@TestPropertySource(properties = "lifeline.actuator.show-values=when-authorized")
	class ShowValuesWhenAuthorized {

		@Test
		void masksValuesForAnonymousCallers() {
			try (JdkWebSocketClient client = JdkWebSocketClient.connect(WebSocketEndpointIntegrationTests.this.port,
					"/ws")) {
				assertThat(awaitSessions((listed) -> listed.size() == 1).get(0)).containsEntry("remoteAddress", MASK);
			}
		}

	}

	@Nested
	@TestPropertySource(properties = "lifeline.heartbeat.enabled=false")
	class HeartbeatDisabled {

		@Test
		void describesTheHeartbeatAsDisabled() {
			Map<String, Object> heartbeat = WebSocketEndpointIntegrationTests.this.actuator.get("/actuator/websocket")
				.read("$.heartbeat");
			assertThat(heartbeat).containsEntry("enabled", false)
				.containsEntry("interval", null)
				.containsEntry("timeout", null)
				.containsEntry("lastSweepAt", null)
				.containsEntry("pingsSent", null)
				.containsEntry("timeouts", null);
		}

	}

}
