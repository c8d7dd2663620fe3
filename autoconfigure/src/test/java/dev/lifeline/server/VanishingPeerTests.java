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

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.NamespacedWebSocketClient;
import dev.lifeline.test.NetworkNamespace;
import dev.lifeline.test.SessionEventRecorder;
import dev.lifeline.test.SocketStates;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A peer whose packets vanish, a client in a network namespace whose link is taken down,
 * is found by the heartbeat and its connection released: the session is closed and
 * counted within interval + timeout + 1 s, and no server socket to it stays established.
 * Unlike a stopped process, such a peer acknowledges nothing, so only an abort that
 * really drops the connection frees it.
 */
@LifelineServerTest(properties = { "lifeline.heartbeat.interval=1s", "lifeline.heartbeat.timeout=1s" })
@Import(SessionEventRecorder.class)
class VanishingPeerTests {

	/**
	 * Interval plus timeout, and two seconds for the heartbeat's thread and the kernel to
	 * be scheduled on a busy machine: without the heartbeat the half-open connection
	 * would stay established for as long as the kernel's keep-alive allows, hours.
	 */
	private static final Duration DETECTION = Duration.ofSeconds(1 + 1 + 2);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	SessionEventRecorder events;

	@Test
	void peerWhoseLinkGoesDownIsClosedAndItsConnectionReleased() throws Exception {
		try (NetworkNamespace namespace = NetworkNamespace.create()) {
			Path java = Path.of(System.getProperty("java.home"), "bin", "java");
			Process client = namespace.start(List.of(java.toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
					System.getProperty("java.class.path"), NamespacedWebSocketClient.class.getName(),
					"ws://" + namespace.hostAddress() + ":" + this.port + "/ws"));
			try {
				BufferedReader output = new BufferedReader(
						new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
				assertThat(output.readLine()).isEqualTo("OPEN");
				await().atMost(Duration.ofSeconds(10)).until(() -> this.sessions.count() == 1);
				LifelineSession session = this.sessions.stream().findFirst().orElseThrow();
				assertThat(session.getRemoteAddressText()).isEqualTo(namespace.peerAddress());
				await().atMost(Duration.ofSeconds(10)).until(() -> session.getLastPongAt() != null);
				assertThat(SocketStates.establishedServerSide(this.port, namespace.peerAddress())).isOne();
				long timeouts = this.sessions.getStatistics().getClosed(CloseCause.HEARTBEAT_TIMEOUT);
				namespace.linkDown();
				long down = System.nanoTime();
				await().atMost(DETECTION.plusSeconds(5)).until(() -> this.sessions.count() == 0);
				Duration detected = Duration.ofNanos(System.nanoTime() - down);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> SocketStates.establishedServerSide(this.port, namespace.peerAddress()) == 0);
				Duration released = Duration.ofNanos(System.nanoTime() - down);
				System.out.printf("Vanished peer: closed after %d ms, connection released after %d ms%n",
						detected.toMillis(), released.toMillis());
				assertThat(detected).isLessThanOrEqualTo(DETECTION);
				assertThat(released).isLessThanOrEqualTo(DETECTION);
				assertThat(this.sessions.getStatistics().getClosed(CloseCause.HEARTBEAT_TIMEOUT))
					.isEqualTo(timeouts + 1);
				assertThat(this.events.closedEvent(session.getId()).getCause()).isEqualTo(CloseCause.HEARTBEAT_TIMEOUT);
			}
			finally {
				client.destroyForcibly();
			}
		}
	}

}
