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

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.ResumingClient;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A resumable session whose peer stops answering the heartbeat is detached, not closed:
 * its connection is dropped, the session kept, no close counted, and its client resumes
 * it on a new connection; the heartbeat then pings the new connection, and the session
 * stays attached past several timeouts.
 */
@LifelineServerTest(classes = ResumeTestApplication.class,
		properties = { "lifeline.heartbeat.interval=200ms", "lifeline.heartbeat.timeout=500ms" })
class ResumeHeartbeatTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	SessionRegistry registry;

	@Autowired
	ResumeTestApplication.RecordingHandler handler;

	@Test
	void silentPeerIsDetachedAndItsClientResumes() throws Exception {
		this.handler.clear();
		try (RawWebSocketClient silent = RawWebSocketClient.connectTcp(this.port)) {
			silent.handshake("/ws", Map.of("Sec-WebSocket-Protocol", "lifeline.resume.v1"));
			silent.sendText("c{\"type\":\"hello\"}");
			Map<String, String> welcome = ResumingClient.parse(silent.readMessage(TIMEOUT).text().substring(1));
			String id = welcome.get("session");
			long timeouts = this.sessions.getStatistics().getClosed(CloseCause.HEARTBEAT_TIMEOUT);
			await().atMost(TIMEOUT).until(() -> this.registry.resumable().getDetachedCount() == 1);
			assertThat(this.sessions.find(id)).isPresent();
			assertThat(this.sessions.getStatistics().getClosed(CloseCause.HEARTBEAT_TIMEOUT)).isEqualTo(timeouts);
			assertThat(this.handler.closes).isEmpty();
			try (RawWebSocketClient resumed = RawWebSocketClient.connectTcp(this.port)) {
				resumed.handshake("/ws?lifeline-session=" + id, Map.of("Sec-WebSocket-Protocol", "lifeline.resume.v1"));
				resumed.sendText("c{\"type\":\"resume\",\"session\":\"" + id + "\",\"token\":\"" + welcome.get("token")
						+ "\",\"received\":0}");
				assertThat(resumed.readMessage(TIMEOUT).text()).startsWith("c{\"type\":\"resumed\"");
				assertThat(resumed.answerPingsFor(Duration.ofSeconds(3)))
					.noneMatch((frame) -> frame.opcode() == RawWebSocketClient.OP_CLOSE);
				assertThat(this.registry.resumable().getDetachedCount()).isZero();
			}
			assertThat(this.sessions.find(id)).isPresent();
			assertThat(this.handler.opens).hasValue(1);
			assertThat(this.handler.closes).isEmpty();
		}
	}

}
