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

import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.ResumingClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bounds and checks of resumable sessions, on a server with a short window and a
 * small buffer: a session ends (and its resume is refused with the reason) when its
 * window ends or it retains too much, a resume must come from the session's principal
 * with its current token, caps count sessions rather than connections, what is sent to a
 * detached session's group arrives once after the resume, and plain clients see plain
 * WebSocket.
 */
@LifelineServerTest(classes = ResumeTestApplication.class,
		properties = { "lifeline.resume.window=2s", "lifeline.resume.buffer-size=4KB",
				"lifeline.resume.max-buffered=6KB", "lifeline.resume.hello-timeout=1s",
				"lifeline.max-sessions-per-user=1", "lifeline.endpoints.recordingHandler.subprotocols=chat.v2" })
class ResumeLimitsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	SessionRegistry registry;

	@Autowired
	ResumeTestApplication.RecordingHandler handler;

	private final List<AutoCloseable> clients = new ArrayList<>();

	@BeforeEach
	void clear() {
		this.handler.clear();
	}

	@AfterEach
	void closeAll() throws Exception {
		for (AutoCloseable client : this.clients) {
			client.close();
		}
		this.sessions.stream().forEach((session) -> this.sessions.close(session.getId(), CloseStatus.GOING_AWAY));
		await().atMost(TIMEOUT).until(() -> this.sessions.count() == 0);
	}

	@Test
	void plainClientsSeePlainWebSocket() throws Exception {
		RawWebSocketClient plain = track(RawWebSocketClient.connect(this.port, "/ws"));
		assertThat(plain.responseHeader("Sec-WebSocket-Protocol")).isNull();
		plain.sendText("chello");
		await().atMost(TIMEOUT).until(() -> this.handler.messages.contains("chello"));
		LifelineSession session = this.sessions.stream().findFirst().orElseThrow();
		session.sendMessage(new TextMessage("mine"));
		assertThat(plain.readMessage(TIMEOUT).text()).isEqualTo("mine");
	}

	@Test
	void applicationSubProtocolComposesWithResume() throws Exception {
		ResumingClient client = track(ResumingClient.open(this.port, "/ws", "", "chat.v2"));
		assertThat(client.connection().responseHeader("Sec-WebSocket-Protocol")).isEqualTo("lifeline.resume.v1");
		assertThat(client.established()).containsEntry("type", "welcome").containsEntry("protocol", "chat.v2");
		await().atMost(TIMEOUT).until(() -> this.handler.protocols.contains("chat.v2"));
		assertThat(this.sessions.find(client.sessionId()).orElseThrow().getAcceptedProtocol()).isEqualTo("chat.v2");
	}

	@Test
	void clientsPingIsAnsweredAndItsMessagesAcknowledgedWithinTheAckInterval() throws Exception {
		ResumingClient client = track(ResumingClient.open(this.port, "/ws"));
		client.sendRaw("c{\"type\":\"ping\"}");
		assertThat(client.awaitNextControl(TIMEOUT)).containsEntry("type", "pong");
		client.send("one");
		assertThat(client.unacknowledged()).isOne();
		long sent = System.nanoTime();
		await().atMost(TIMEOUT).until(() -> client.unacknowledged() == 0);
		assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(3));
		assertThat(this.handler.messages).containsExactly("one");
	}

	@Test
	void tokenIsSingleUseAndRotatedAtEveryResume() throws Exception {
		ResumingClient client = track(ResumingClient.open(this.port, "/ws"));
		String id = client.sessionId();
		String first = client.token();
		client.reset();
		await().atMost(TIMEOUT).until(() -> this.registry.resumable().getDetachedCount() == 1);
		assertThat(client.resume()).containsEntry("type", "resumed");
		assertThat(client.token()).isNotEqualTo(first);
		RawWebSocketClient replay = track(RawWebSocketClient.connectTcp(this.port));
		replay.handshake("/ws", Map.of("Sec-WebSocket-Protocol", "lifeline.resume.v1"));
		replay.sendText("c{\"type\":\"resume\",\"session\":\"" + id + "\",\"token\":\"" + first + "\",\"received\":0}");
		assertThat(replay.readMessage(TIMEOUT).text()).isEqualTo("c{\"type\":\"refused\",\"reason\":\"unknown\"}");
		assertThat(this.sessions.find(id).orElseThrow().getResumeStatus().detached()).isFalse();
	}

	@Test
	void connectionThatNeverSaysHelloIsClosed() throws Exception {
		RawWebSocketClient silent = track(RawWebSocketClient.connectTcp(this.port));
		silent.handshake("/ws", Map.of("Sec-WebSocket-Protocol", "lifeline.resume.v1"));
		assertThat(silent.awaitClose(TIMEOUT)).isEqualTo(1008);
		assertThat(this.handler.opens).hasValue(0);
	}

	@Test
	void detachedSessionEndsWhenItsWindowEnds() throws Exception {
		ResumingClient client = track(ResumingClient.open(this.port, "/ws"));
		String id = client.sessionId();
		client.reset();
		await().atMost(TIMEOUT).until(() -> this.registry.resumable().getDetachedCount() == 1);
		assertThat(this.sessions.find(id)).isPresent();
		assertThat(this.handler.closes).isEmpty();
		await().atMost(TIMEOUT).until(() -> this.handler.closes.size() == 1);
		assertThat(this.sessions.find(id)).isEmpty();
		assertThat(client.resume()).containsEntry("type", "refused").containsEntry("reason", "expired");
		assertThat(client.established()).containsEntry("type", "welcome");
		assertThat(client.sessionId()).isNotEqualTo(id);
	}

	@Test
	void detachedSessionThatRetainsTooMuchEnds() throws Exception {
		ResumingClient client = track(ResumingClient.open(this.port, "/ws"));
		String id = client.sessionId();
		LifelineSession session = this.sessions.find(id).orElseThrow();
		client.reset();
		await().atMost(TIMEOUT).until(() -> this.registry.resumable().getDetachedCount() == 1);
		for (int i = 0; i < 10; i++) {
			session.sendAsync(new TextMessage("x".repeat(500)));
		}
		await().atMost(TIMEOUT).until(() -> this.handler.closes.size() == 1);
		assertThat(this.sessions.find(id)).isEmpty();
		assertThat(this.handler.closes).extracting(CloseStatus::getCode).containsExactly(1008);
		assertThat(client.resume()).containsEntry("type", "refused").containsEntry("reason", "overflow");
	}

	@Test
	void attachedSessionWhoseClientWithholdsAcknowledgementsEnds() throws Exception {
		ResumingClient client = track(ResumingClient.open(this.port, "/ws"));
		client.withholdAcks(true);
		LifelineSession session = this.sessions.find(client.sessionId()).orElseThrow();
		for (int i = 0; i < 10; i++) {
			session.sendAsync(new TextMessage("x".repeat(500)));
		}
		await().atMost(TIMEOUT).until(() -> client.closeCode() == 1008);
		await().atMost(TIMEOUT).until(() -> this.handler.closes.size() == 1);
		assertThat(client.received().size()).isLessThan(10);
	}

	@Test
	void messageLargerThanTheBufferEndsTheSession() throws Exception {
		ResumingClient client = track(ResumingClient.open(this.port, "/ws"));
		LifelineSession session = this.sessions.find(client.sessionId()).orElseThrow();
		session.sendAsync(new TextMessage("x".repeat(5000)));
		await().atMost(TIMEOUT).until(() -> client.closeCode() == 1008);
		await().atMost(TIMEOUT).until(() -> this.handler.closes.size() == 1);
	}

	@Test
	void resumeFromAnotherPrincipalIsRefused() throws Exception {
		ResumingClient client = track(ResumingClient.open(this.port, "/ws", "user=alice", null));
		String id = client.sessionId();
		client.reset();
		await().atMost(TIMEOUT).until(() -> this.registry.resumable().getDetachedCount() == 1);
		client.query("user=mallory");
		assertThat(client.resume()).containsEntry("type", "refused").containsEntry("reason", "principal");
		assertThat(this.sessions.find(client.sessionId()).orElseThrow().getPrincipalName()).isEqualTo("mallory");
		assertThat(client.sessionId()).isNotEqualTo(id);
	}

	@Test
	void ofTwoResumesRacingWithOneTokenExactlyOneWins() throws Exception {
		ResumingClient client = track(ResumingClient.open(this.port, "/ws"));
		String resume = "c{\"type\":\"resume\",\"session\":\"" + client.sessionId() + "\",\"token\":\"" + client.token()
				+ "\",\"received\":0}";
		client.reset();
		await().atMost(TIMEOUT).until(() -> this.registry.resumable().getDetachedCount() == 1);
		CyclicBarrier barrier = new CyclicBarrier(2);
		Callable<String> racer = () -> {
			RawWebSocketClient raw = track(RawWebSocketClient.connectTcp(this.port));
			raw.handshake("/ws?lifeline-session=" + client.sessionId(),
					Map.of("Sec-WebSocket-Protocol", "lifeline.resume.v1"));
			barrier.await();
			raw.sendText(resume);
			return raw.readMessage(TIMEOUT).text();
		};
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			Future<String> first = executor.submit(racer);
			Future<String> second = executor.submit(racer);
			List<String> answers = List.of(first.get(), second.get());
			assertThat(answers).filteredOn((answer) -> answer.startsWith("c{\"type\":\"resumed\"")).hasSize(1);
			assertThat(answers).filteredOn((answer) -> answer.contains("\"reason\":\"unknown\"")).hasSize(1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void resumeIsNotRefusedByTheUserCapWhileTheDetachedSessionHoldsItsSlot() throws Exception {
		ResumingClient client = track(ResumingClient.open(this.port, "/ws", "user=alice", null));
		client.reset();
		await().atMost(TIMEOUT).until(() -> this.registry.resumable().getDetachedCount() == 1);
		RawWebSocketClient second = track(RawWebSocketClient.connectTcp(this.port));
		assertThat(second.handshake("/ws?user=alice", Map.of())).isEqualTo(429);
		assertThat(client.resume()).containsEntry("type", "resumed");
		assertThat(this.handler.opens).hasValue(1);
	}

	@Test
	void resumeTakesOverAConnectionThatStillLooksOpen() throws Exception {
		ResumingClient client = track(ResumingClient.open(this.port, "/ws"));
		RawWebSocketClient old = client.connection();
		LifelineSession session = this.sessions.find(client.sessionId()).orElseThrow();
		session.sendMessage(new TextMessage("before"));
		await().atMost(TIMEOUT).until(() -> client.received().size() == 1);
		assertThat(client.resume()).containsEntry("type", "resumed").containsEntry("replay", "0");
		assertThat(old.awaitEndOfStream(TIMEOUT)).isTrue();
		session.sendMessage(new TextMessage("after"));
		await().atMost(TIMEOUT).until(() -> client.received().size() == 2);
		assertThat(client.receivedTexts()).containsExactly("before", "after");
		assertThat(this.handler.opens).hasValue(1);
		assertThat(this.handler.closes).isEmpty();
	}

	@Test
	void groupSendWhileDetachedArrivesOnceAfterTheResume() throws Exception {
		ResumingClient client = track(ResumingClient.open(this.port, "/ws"));
		String id = client.sessionId();
		this.sessions.join(id, "room");
		client.reset();
		await().atMost(TIMEOUT).until(() -> this.registry.resumable().getDetachedCount() == 1);
		assertThat(this.sessions.sendToGroup("room", new TextMessage("while away"), null).queued()).isOne();
		assertThat(client.resume()).containsEntry("type", "resumed").containsEntry("replay", "1");
		await().atMost(TIMEOUT).until(() -> client.received().size() == 1);
		assertThat(client.receivedTexts()).containsExactly("while away");
		client.reset();
		await().atMost(TIMEOUT).until(() -> this.sessions.find(id).isEmpty());
		assertThat(this.sessions.findByGroup("room")).isEmpty();
		assertThat(this.sessions.groupCount()).isZero();
		assertThat(client.receivedTexts()).containsExactly("while away");
	}

	@Test
	void oldestDetachedSessionsEndFirstAboveTheTotalBound() throws Exception {
		ResumingClient older = track(ResumingClient.open(this.port, "/ws"));
		ResumingClient newer = track(ResumingClient.open(this.port, "/ws"));
		LifelineSession olderSession = this.sessions.find(older.sessionId()).orElseThrow();
		LifelineSession newerSession = this.sessions.find(newer.sessionId()).orElseThrow();
		older.reset();
		await().atMost(TIMEOUT).until(() -> this.registry.resumable().getDetachedCount() == 1);
		newer.reset();
		await().atMost(TIMEOUT).until(() -> this.registry.resumable().getDetachedCount() == 2);
		for (int i = 0; i < 7; i++) {
			olderSession.sendAsync(new TextMessage("x".repeat(500)));
			newerSession.sendAsync(new TextMessage("y".repeat(500)));
		}
		await().atMost(TIMEOUT).until(() -> this.sessions.find(older.sessionId()).isEmpty());
		assertThat(this.sessions.find(newer.sessionId())).isPresent();
		assertThat(newer.resume()).containsEntry("type", "resumed");
		assertThat(older.resume()).containsEntry("type", "refused").containsEntry("reason", "overflow");
	}

	private <T extends AutoCloseable> T track(T client) {
		synchronized (this.clients) {
			this.clients.add(client);
		}
		return client;
	}

}
