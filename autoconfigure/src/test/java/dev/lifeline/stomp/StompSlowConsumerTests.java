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

package dev.lifeline.stomp;

import java.time.Duration;
import java.util.List;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.SessionEventRecorder;
import dev.lifeline.test.StompTestApplication;
import dev.lifeline.test.StompTestApplication.DisconnectEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.SimpMessagingTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A STOMP subscriber that stops reading is cut off by its Lifeline session's send buffer
 * limit, once: its close is counted as {@code SLOW_CONSUMER}, Spring publishes one
 * {@code SessionDisconnectEvent} for it, and Spring's STOMP handler does not end the
 * session on its own (which would publish a second event and log a WARN).
 */
@StompTest(properties = { "lifeline.send-buffer-size-limit=64KB", "lifeline.send-time-limit=60s",
		"lifeline.heartbeat.interval=30s", "lifeline.heartbeat.timeout=20s" })
@ExtendWith(OutputCaptureExtension.class)
class StompSlowConsumerTests {

	private static final String DESTINATION = "/topic/feed";

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	DisconnectEvents disconnects;

	@Autowired
	SessionEventRecorder events;

	@Autowired
	SimpMessagingTemplate template;

	@Test
	void stalledSubscriberOverItsBufferIsCutOffOnceWithOneDisconnectEvent(CapturedOutput output) throws Exception {
		try (RawWebSocketClient stalled = RawWebSocketClient.connectStalled(this.port, StompTestApplication.ENDPOINT)) {
			StompEndpointTests.connect(stalled);
			stalled.sendText("SUBSCRIBE\nid:sub-0\ndestination:" + DESTINATION + "\n\n\0");
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 1);
			String id = this.sessions.stream().map(LifelineSession::getId).findFirst().orElseThrow();
			String payload = "x".repeat(6 * 1024);
			// The subscription is registered shortly after the SUBSCRIBE is read.
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
				this.template.convertAndSend(DESTINATION, payload);
				return this.sessions.find(id).isEmpty();
			});
			await().atMost(Duration.ofSeconds(5)).until(() -> this.events.closedEvent(id) != null);
			assertThat(this.events.closedEvent(id).getCause()).isEqualTo(CloseCause.SLOW_CONSUMER);
			// The event that follows the close comes on the thread that finished the
			// session.
			await().atMost(Duration.ofSeconds(5)).until(() -> !this.disconnects.of(id).isEmpty());
			await().during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(2))
				.until(() -> this.disconnects.of(id).size() == 1);
			List<String> warnings = output.getAll()
				.lines()
				.filter((line) -> line.contains("SubProtocolWebSocketHandler") && line.contains("WARN"))
				.toList();
			assertThat(warnings).isEmpty();
		}
	}

}
