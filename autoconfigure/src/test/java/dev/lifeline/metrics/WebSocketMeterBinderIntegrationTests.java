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

package dev.lifeline.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lifeline.actuate.ActuatorClient;
import dev.lifeline.actuate.ActuatorClient.Response;
import dev.lifeline.actuate.LifelineActuatorTest;
import dev.lifeline.server.CloseCause;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.RawWebSocketClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WebSocketMeterBinder} in a running application, through
 * {@code /actuator/metrics} and {@code /actuator/prometheus}. A fresh context, so that
 * the counts start at zero.
 */
@LifelineActuatorTest
@DirtiesContext(classMode = ClassMode.BEFORE_CLASS)
class WebSocketMeterBinderIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final List<String> METER_NAMES = List.of("websocket.sessions.active", "websocket.sessions.opened",
			"websocket.sessions.closed", "websocket.handshakes.rejected", "websocket.heartbeat.pings",
			"websocket.heartbeat.rtt", "websocket.messages.received", "websocket.messages.sent",
			"websocket.session.duration", "websocket.sessions.limit", "websocket.users", "websocket.groups");

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	ActuatorClient actuator;

	@Test
	void metricsEndpointListsEveryMeter() {
		Response response = this.actuator.get("/actuator/metrics");
		assertThat(response.<List<String>>read("$.names")).containsAll(METER_NAMES);
		Response closed = this.actuator.get("/actuator/metrics/websocket.sessions.closed");
		assertThat(closed.<List<String>>read("$.availableTags[?(@.tag == 'cause')].values[*]"))
			.containsAll(List.of(CloseCause.values()).stream().map(Enum::name).toList());
	}

	@Test
	void prometheusScrapeCountsEveryMeter() throws Exception {
		try (JdkWebSocketClient staying = JdkWebSocketClient.connect(this.port, "/ws")) {
			staying.send("one");
			staying.send("two");
			assertThat(staying.nextText(TIMEOUT)).isEqualTo("one");
			assertThat(staying.nextText(TIMEOUT)).isEqualTo("two");
			staying.sendBinary(new byte[] { 1, 2, 3 });
			try (JdkWebSocketClient leaving = JdkWebSocketClient.connect(this.port, "/ws")) {
				await().atMost(TIMEOUT).until(() -> this.sessions.count() == 2);
			}
			try (RawWebSocketClient broken = RawWebSocketClient.connect(this.port, "/ws")) {
				broken.sendFrame(false, RawWebSocketClient.OP_PING, new byte[0]);
				assertThat(broken.awaitClose(TIMEOUT)).isEqualTo(1002);
			}
			try (RawWebSocketClient foreign = RawWebSocketClient.connectTcp(this.port)) {
				assertThat(foreign.handshake("/ws", Map.of("Origin", "http://evil.example"))).isEqualTo(403);
			}
			await().atMost(TIMEOUT)
				.until(() -> this.sessions.getStatistics().getClosedTotal() == 2
						&& this.sessions.getStatistics().getMessagesSent(false) == 1
						&& this.sessions.stream().allMatch((session) -> session.getLastPongAt() != null));
			String scrape = this.actuator.get("/actuator/prometheus").body();
			assertThat(value(scrape, "websocket_sessions_active{endpoint=\"echoHandler\"}")).isEqualTo(1);
			assertThat(value(scrape, "websocket_sessions_opened_total{endpoint=\"echoHandler\"}")).isEqualTo(3);
			assertThat(value(scrape, "websocket_sessions_closed_total{cause=\"NORMAL\",endpoint=\"echoHandler\"}"))
				.isEqualTo(1);
			assertThat(
					value(scrape, "websocket_sessions_closed_total{cause=\"PROTOCOL_ERROR\",endpoint=\"echoHandler\"}"))
				.isEqualTo(1);
			for (CloseCause cause : List.of(CloseCause.HEARTBEAT_TIMEOUT, CloseCause.OPERATOR, CloseCause.OTHER)) {
				assertThat(value(scrape,
						"websocket_sessions_closed_total{cause=\"" + cause + "\",endpoint=\"echoHandler\"}"))
					.isZero();
			}
			assertThat(value(scrape, "websocket_handshakes_rejected_total{endpoint=\"echoHandler\",reason=\"ORIGIN\"}"))
				.isEqualTo(1);
			for (RejectionReason reason : List.of(RejectionReason.CAPACITY, RejectionReason.SHUTDOWN,
					RejectionReason.INVALID_HANDSHAKE)) {
				assertThat(value(scrape,
						"websocket_handshakes_rejected_total{endpoint=\"echoHandler\",reason=\"" + reason + "\"}"))
					.isZero();
			}
			assertThat(value(scrape, "websocket_messages_received_total{endpoint=\"echoHandler\",type=\"text\"}"))
				.isEqualTo(2);
			assertThat(value(scrape, "websocket_messages_received_total{endpoint=\"echoHandler\",type=\"binary\"}"))
				.isEqualTo(1);
			assertThat(value(scrape, "websocket_messages_sent_total{endpoint=\"echoHandler\",type=\"text\"}"))
				.isEqualTo(2);
			assertThat(value(scrape, "websocket_messages_sent_total{endpoint=\"echoHandler\",type=\"binary\"}"))
				.isEqualTo(1);
			assertThat(value(scrape, "websocket_heartbeat_pings_total{endpoint=\"echoHandler\"}")).isPositive();
			assertThat(value(scrape, "websocket_heartbeat_rtt_seconds_count{endpoint=\"echoHandler\"}")).isPositive();
			assertThat(value(scrape, "websocket_heartbeat_rtt_seconds_sum{endpoint=\"echoHandler\"}")).isPositive();
			assertThat(value(scrape, "websocket_sessions_limit{endpoint=\"echoHandler\"}")).isEqualTo(10_000);
			assertThat(scrape).as("timer derived from the handshake observation")
				.containsPattern("websocket_handshake_seconds_count\\{[^}]*outcome=\"SUCCESS\"[^}]*\\} 3")
				.containsPattern("websocket_handshake_seconds_count\\{[^}]*outcome=\"ORIGIN\"[^}]*\\} 1");
			assertThat(value(scrape,
					"websocket_session_duration_seconds_count{cause=\"NORMAL\",endpoint=\"echoHandler\"}"))
				.isEqualTo(1);
			assertThat(value(scrape,
					"websocket_session_duration_seconds_count{cause=\"PROTOCOL_ERROR\",endpoint=\"echoHandler\"}"))
				.isEqualTo(1);
			assertThat(value(scrape,
					"websocket_session_duration_seconds_count{cause=\"HEARTBEAT_TIMEOUT\",endpoint=\"echoHandler\"}"))
				.isZero();
		}
	}

	private static double value(String scrape, String series) {
		Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
		assertThat(matcher.find()).as("series %s in%n%s", series, scrape).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

}
