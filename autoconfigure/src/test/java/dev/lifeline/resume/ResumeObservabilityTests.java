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

package dev.lifeline.resume;

import dev.lifeline.actuate.ActuatorClient;
import dev.lifeline.actuate.LifelineActuatorTest;
import dev.lifeline.server.WebSocketResumeRefusedEvent;
import dev.lifeline.server.WebSocketSessionDetachedEvent;
import dev.lifeline.server.WebSocketSessionResumedEvent;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.ResumingClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a resumable session's detach, resume and refused resume look like from outside:
 * the events, the meters and the actuator's view. A detach is not a close. A fresh
 * context, so that the counts start at zero.
 */
@LifelineActuatorTest
@DirtiesContext(classMode = ClassMode.BEFORE_CLASS)
@Import(ResumeObservabilityTests.ResumeEvents.class)
class ResumeObservabilityTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	ActuatorClient actuator;

	@Autowired
	ResumeEvents events;

	@Test
	void detachResumeAndRefusalAreToldAndCountedButNotAsCloses() throws Exception {
		try (ResumingClient client = ResumingClient.open(this.port, "/ws")) {
			String id = client.sessionId();
			client.reset();
			await().atMost(TIMEOUT).until(() -> this.events.detached.size() == 1);
			assertThat(this.events.detached.get(0).getSession().getId()).isEqualTo(id);
			assertThat(meter("websocket.sessions.detached")).isEqualTo(1.0);
			assertThat(this.actuator.get("/actuator/websocket/" + id).<Boolean>read("$.resume.detached")).isTrue();
			assertThat(this.actuator.get("/actuator/websocket").<Integer>read("$.resume.detached")).isEqualTo(1);
			assertThat(this.sessions.getStatistics().getClosedTotal()).isZero();
			this.sessions.find(id).orElseThrow().sendMessage(new TextMessage("while away"));
			assertThat(client.resume()).containsEntry("type", "resumed");
			await().atMost(TIMEOUT).until(() -> this.events.resumed.size() == 1);
			assertThat(this.events.resumed.get(0).getReplayed()).isOne();
			assertThat(this.events.resumed.get(0).getGap()).isPositive();
			assertThat(meter("websocket.sessions.detached")).isZero();
			assertThat(meter("websocket.resumes", "outcome:resumed")).isEqualTo(1.0);
			assertThat(meter("websocket.messages.replayed")).isEqualTo(1.0);
			assertThat(meter("websocket.resume.gap")).isEqualTo(1.0);
			assertThat(this.actuator.get("/actuator/websocket/" + id).<Boolean>read("$.resume.detached")).isFalse();
			assertThat(this.actuator.get("/actuator/websocket/" + id).<Integer>read("$.resume.sent")).isEqualTo(1);
			assertThat(this.sessions.getStatistics().getClosedTotal()).isZero();
		}
		try (RawWebSocketClient stranger = RawWebSocketClient.connectTcp(this.port)) {
			stranger.handshake("/ws", Map.of("Sec-WebSocket-Protocol", "lifeline.resume.v1"));
			stranger.sendText("c{\"type\":\"resume\",\"session\":\"nope\",\"token\":\"guess\",\"received\":0}");
			assertThat(stranger.readMessage(TIMEOUT).text())
				.isEqualTo("c{\"type\":\"refused\",\"reason\":\"unknown\"}");
			await().atMost(TIMEOUT).until(() -> this.events.refused.size() == 1);
			assertThat(this.events.refused.get(0).getReason()).isEqualTo("unknown");
			assertThat(meter("websocket.resumes", "outcome:refused", "reason:unknown")).isEqualTo(1.0);
		}
	}

	private double meter(String name, String... tags) {
		StringBuilder path = new StringBuilder("/actuator/metrics/" + name);
		for (int i = 0; i < tags.length; i++) {
			path.append((i == 0) ? '?' : '&').append("tag=").append(tags[i]);
		}
		ActuatorClient.Response response = this.actuator.get(path.toString());
		Number value = response.read("$.measurements[0].value");
		return value.doubleValue();
	}

	/**
	 * Records the resume events.
	 */
	static class ResumeEvents {

		final List<WebSocketSessionDetachedEvent> detached = new CopyOnWriteArrayList<>();

		final List<WebSocketSessionResumedEvent> resumed = new CopyOnWriteArrayList<>();

		final List<WebSocketResumeRefusedEvent> refused = new CopyOnWriteArrayList<>();

		@EventListener
		void detached(WebSocketSessionDetachedEvent event) {
			this.detached.add(event);
		}

		@EventListener
		void resumed(WebSocketSessionResumedEvent event) {
			this.resumed.add(event);
		}

		@EventListener
		void refused(WebSocketResumeRefusedEvent event) {
			this.refused.add(event);
		}

	}

}
