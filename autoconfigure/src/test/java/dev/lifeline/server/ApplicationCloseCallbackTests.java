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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application's handler hears of every session's end exactly once, also when Lifeline
 * ended it and the container reports the close later, or never: a peer the heartbeat
 * found dead, a close the peer started, a close the application asked for.
 */
@LifelineServerTest(classes = ApplicationCloseCallbackTests.ClosesRecordingApplication.class,
		properties = { "lifeline.heartbeat.interval=200ms", "lifeline.heartbeat.timeout=500ms" })
class ApplicationCloseCallbackTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	ClosesRecordingHandler handler;

	@Test
	void deadPeerFoundByTheHeartbeatIsReportedOnce() throws Exception {
		try (RawWebSocketClient frozen = RawWebSocketClient.connect(this.port, "/ws")) {
			String id = awaitOneSession();
			await().atMost(TIMEOUT).until(() -> this.handler.closes(id).size() == 1);
			assertThat(this.handler.closes(id).get(0).getCode()).isEqualTo(4500);
			await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> this.handler.closes(id).size() == 1);
		}
	}

	@Test
	void peersCloseIsReportedOnce() throws Exception {
		try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
			String id = awaitOneSession();
			client.sendClose(1000, "bye");
			await().atMost(TIMEOUT).until(() -> this.handler.closes(id).size() == 1);
			assertThat(this.handler.closes(id).get(0).getCode()).isEqualTo(1000);
			await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> this.handler.closes(id).size() == 1);
		}
	}

	@Test
	void applicationsCloseIsReportedOnce() throws Exception {
		try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
			String id = awaitOneSession();
			this.sessions.close(id, CloseStatus.POLICY_VIOLATION);
			await().atMost(TIMEOUT).until(() -> this.handler.closes(id).size() == 1);
			assertThat(this.handler.closes(id).get(0).getCode()).isEqualTo(1008);
			await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> this.handler.closes(id).size() == 1);
		}
	}

	private String awaitOneSession() {
		await().atMost(TIMEOUT).until(() -> this.sessions.count() == 1);
		return this.sessions.stream().findFirst().orElseThrow().getId();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ClosesRecordingApplication {

		@Bean
		ClosesRecordingHandler closesRecordingHandler() {
			return new ClosesRecordingHandler();
		}

	}

	static class ClosesRecordingHandler extends TextWebSocketHandler {

		private final Map<String, List<CloseStatus>> closes = new ConcurrentHashMap<>();

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			this.closes.computeIfAbsent(session.getId(), (id) -> new CopyOnWriteArrayList<>()).add(status);
		}

		List<CloseStatus> closes(String id) {
			return this.closes.getOrDefault(id, List.of());
		}

	}

}
