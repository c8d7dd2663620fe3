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

import dev.lifeline.server.engine.ContainerSessions;
import dev.lifeline.server.engine.HeartbeatService;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient.Frame;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.SessionEventRecorder;
import dev.lifeline.test.SocketStates;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The heartbeat with real clients: compliant peers stay, silent peers go, and pings never
 * corrupt a frame.
 */
@LifelineServerTest(properties = { "lifeline.heartbeat.interval=200ms", "lifeline.heartbeat.timeout=500ms" })
@Import(SessionEventRecorder.class)
class HeartbeatTests {

	private static final Duration INTERVAL = Duration.ofMillis(200);

	/**
	 * Interval plus timeout, and two seconds for the heartbeat's thread and the client's
	 * to be scheduled on a busy machine: a heartbeat that did not work would leave the
	 * peer open for good, so the margin hides no failure.
	 */
	private static final Duration DETECTION = INTERVAL.plus(Duration.ofMillis(500)).plusSeconds(2);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	HeartbeatService heartbeat;

	@Autowired
	SessionEventRecorder events;

	@AfterEach
	void registryEmpties() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 0);
	}

	@Test
	void compliantClientStaysConnectedAndItsRoundTripIsMeasured() throws Exception {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 1);
			LifelineSession session = this.sessions.stream().findFirst().orElseThrow();
			await().during(INTERVAL.multipliedBy(12))
				.atMost(INTERVAL.multipliedBy(20))
				.until(() -> session.isOpen() && !client.isClosed());
			assertThat(session.getRttNanos()).isNotNegative();
			assertThat(session.getSmoothedRttNanos()).isNotNegative();
			assertThat(session.getLastPongAt()).isNotNull();
			assertThat(this.heartbeat.getLastSweepAt()).isNotNull();
		}
	}

	@Test
	void onJettyTheContainersIdleTimeoutIsLeftToTheHeartbeat() throws Exception {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 1);
			LifelineSession session = this.sessions.stream().findFirst().orElseThrow();
			Session jetty = ((NativeWebSocketSession) ContainerSessions.of(session)).getNativeSession(Session.class);
			assumeTrue(jetty != null, "Jetty's own WebSocket session");
			assertThat(jetty.getIdleTimeout()).isZero();
		}
	}

	@Test
	void silentPeerIsClosedWith4500WithinIntervalPlusTimeout() throws Exception {
		try (RawWebSocketClient silent = RawWebSocketClient.connect(this.port, "/ws")) {
			long openedAt = System.nanoTime();
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 1);
			String id = this.sessions.stream().findFirst().orElseThrow().getId();
			Frame close = readIgnoringPings(silent, Duration.ofSeconds(5));
			Duration detectedAfter = Duration.ofNanos(System.nanoTime() - openedAt);
			assertThat(close.opcode()).isEqualTo(RawWebSocketClient.OP_CLOSE);
			assertThat(close.closeCode()).isEqualTo(4500);
			assertThat(close.closeReason()).containsIgnoringCase("heartbeat timeout");
			assertThat(detectedAfter).isLessThanOrEqualTo(DETECTION);
			await().atMost(Duration.ofSeconds(5)).until(() -> this.events.closedEvent(id) != null);
			assertThat(this.events.closedEvent(id).getCause()).isEqualTo(CloseCause.HEARTBEAT_TIMEOUT);
			assertThat(this.sessions.find(id)).isEmpty();
		}
	}

	@Test
	void peerThatSendsDataButNeverPongsStaysAlive() throws Exception {
		try (RawWebSocketClient chatty = RawWebSocketClient.connect(this.port, "/ws")) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 1);
			LifelineSession session = this.sessions.stream().findFirst().orElseThrow();
			long end = System.nanoTime() + INTERVAL.multipliedBy(12).toNanos();
			int pings = 0;
			while (System.nanoTime() < end) {
				chatty.sendText("data");
				Frame frame;
				do {
					frame = chatty.readFrame(Duration.ofSeconds(2));
					if (frame.opcode() == RawWebSocketClient.OP_PING) {
						pings++;
					}
				}
				while (frame.opcode() == RawWebSocketClient.OP_PING);
				assertThat(frame.opcode()).isEqualTo(RawWebSocketClient.OP_TEXT);
			}
			assertThat(pings).isPositive();
			assertThat(session.isOpen()).isTrue();
			assertThat(this.sessions.find(session.getId())).isPresent();
		}
	}

	@Test
	void peerThatStopsReadingIsClosedAndItsServerSocketReleased() throws Exception {
		try (RawWebSocketClient frozen = RawWebSocketClient.connect(this.port, "/ws")) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 1);
			String id = this.sessions.stream().findFirst().orElseThrow().getId();
			int clientPort = frozen.socket().getLocalPort();
			await().atMost(DETECTION.plusSeconds(1)).until(() -> this.events.closedEvent(id) != null);
			assertThat(this.events.closedEvent(id).getCause()).isEqualTo(CloseCause.HEARTBEAT_TIMEOUT);
			if (SocketStates.available()) {
				await().atMost(Duration.ofSeconds(3))
					.until(() -> SocketStates.establishedServerSide(this.port, clientPort) == 0);
			}
			assertThat(frozen.awaitEndOfStream(Duration.ofSeconds(3))).isTrue();
		}
	}

	@Test
	void peerThatFloodsPingsWithoutReadingHoldsUpNoOtherSessionsHeartbeat() throws Exception {
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try (RawWebSocketClient flooder = RawWebSocketClient.connectStalled(this.port, "/ws")) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 1);
			String flooderId = this.sessions.stream().findFirst().orElseThrow().getId();
			try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
				await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 2);
				LifelineSession compliant = this.sessions.stream()
					.filter((session) -> !session.getId().equals(flooderId))
					.findFirst()
					.orElseThrow();
				// Answer one ping, so that the next could go out on the heartbeat's
				// thread;
				// then send pings without reading, until Tomcat's answers fill the
				// socket.
				Frame ping = flooder.readFrame(Duration.ofSeconds(2));
				assertThat(ping.opcode()).isEqualTo(RawWebSocketClient.OP_PING);
				flooder.sendFrame(true, RawWebSocketClient.OP_PONG, ping.payload());
				byte[] payload = new byte[125];
				executor.submit(() -> {
					while (true) {
						flooder.sendFrame(true, RawWebSocketClient.OP_PING, payload);
					}
				});
				await().during(Duration.ofSeconds(3))
					.atMost(Duration.ofSeconds(5))
					.until(() -> compliant.isOpen() && compliant.getLastPongAt() != null
							&& Duration.between(compliant.getLastPongAt(), Instant.now()).toMillis() < 700);
				await().atMost(DETECTION.plusSeconds(1)).until(() -> this.events.closedEvent(flooderId) != null);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static Frame readIgnoringPings(RawWebSocketClient client, Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Frame frame = client.readFrame(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
			if (frame.opcode() != RawWebSocketClient.OP_PING) {
				return frame;
			}
		}
	}

}
