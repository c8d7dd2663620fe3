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

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.NetworkNamespace;
import dev.lifeline.test.SessionEventRecorder;
import dev.lifeline.test.StompTestApplication;
import dev.lifeline.test.StompTestApplication.DisconnectEvents;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A STOMP client whose network vanishes, in a network namespace whose link is taken down:
 * Spring alone never publishes a {@code SessionDisconnectEvent} for it; with Lifeline the
 * heartbeat closes it within interval + timeout + 1 s, and Spring publishes exactly one.
 */
@StompTest(properties = { "lifeline.heartbeat.interval=1s", "lifeline.heartbeat.timeout=1s" })
class StompVanishingPeerTests {

	/**
	 * Interval plus timeout, and two seconds for the heartbeat's thread and the kernel to
	 * be scheduled on a busy machine.
	 */
	private static final Duration DETECTION = Duration.ofSeconds(1 + 1 + 2);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	DisconnectEvents disconnects;

	@Autowired
	SessionEventRecorder events;

	@Test
	void stompClientWhoseLinkGoesDownIsClosedAndDisconnectedOnce() throws Exception {
		try (NetworkNamespace namespace = NetworkNamespace.create()) {
			Path java = Path.of(System.getProperty("java.home"), "bin", "java");
			Process client = namespace.start(List.of(java.toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
					System.getProperty("java.class.path"), NamespacedStompClient.class.getName(),
					"ws://" + namespace.hostAddress() + ":" + this.port + StompTestApplication.ENDPOINT));
			try {
				BufferedReader output = new BufferedReader(
						new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
				assertThat(output.readLine()).isEqualTo("CONNECTED");
				await().atMost(Duration.ofSeconds(10)).until(() -> this.sessions.count() == 1);
				LifelineSession session = this.sessions.stream().findFirst().orElseThrow();
				await().atMost(Duration.ofSeconds(10)).until(() -> session.getLastPongAt() != null);
				namespace.linkDown();
				long down = System.nanoTime();
				await().atMost(DETECTION.plusSeconds(5)).until(() -> this.disconnects.of(session.getId()).size() == 1);
				Duration detected = Duration.ofNanos(System.nanoTime() - down);
				System.out.printf("Vanished STOMP client: disconnected after %d ms%n", detected.toMillis());
				assertThat(detected).isLessThanOrEqualTo(DETECTION);
				assertThat(this.events.closedEvent(session.getId()).getCause()).isEqualTo(CloseCause.HEARTBEAT_TIMEOUT);
				await().during(Duration.ofSeconds(1))
					.atMost(Duration.ofSeconds(2))
					.until(() -> this.disconnects.of(session.getId()).size() == 1);
			}
			finally {
				client.destroyForcibly();
			}
		}
	}

}
