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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient.Frame;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.SessionEventRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Behaviour of the managed endpoint with real clients on a real port.
 */
@LifelineServerTest(properties = { "lifeline.max-text-message-size=100KB", "lifeline.max-binary-message-size=100KB",
		"lifeline.allowed-origins=https://allowed.example" })
@Import(SessionEventRecorder.class)
class ManagedEndpointTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	SessionEventRecorder events;

	@AfterEach
	void registryEmptiesAfterEachTest() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 0);
	}

	@Test
	void echoesAndTracksSessionWithItsStatistics() throws Exception {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws?token=secret")) {
			client.send("hello");
			assertThat(client.nextText(TIMEOUT)).isEqualTo("hello");
			LifelineSession session = this.sessions.stream().findFirst().orElseThrow();
			assertThat(this.sessions.find(session.getId())).containsSame(session);
			assertThat(session.getPath()).isEqualTo("/ws");
			assertThat(session.getRemoteAddressText()).isEqualTo("127.0.0.1");
			await().atMost(TIMEOUT).until(() -> session.getMessagesOut() == 1);
			assertThat(session.getMessagesIn()).isEqualTo(1);
			assertThat(session.getBytesIn()).isEqualTo(5);
			assertThat(session.getBytesOut()).isEqualTo(5);
			assertThat(session.getOpenedAt()).isBeforeOrEqualTo(session.getLastInboundAt());
		}
	}

	@Test
	void applicationSeesOneSendSerializedSessionInEveryCallback() throws Exception {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
			client.send("x");
			assertThat(client.nextText(TIMEOUT)).isEqualTo("x");
			LifelineSession session = this.sessions.stream().findFirst().orElseThrow();
			assertThat(this.events.opened()).anySatisfy((event) -> assertThat(event.getSession()).isSameAs(session));
		}
	}

	@Test
	void disallowedOriginGets403AndIsCounted() throws Exception {
		long before = this.sessions.getStatistics().getRejected(RejectionReason.ORIGIN);
		try (RawWebSocketClient client = RawWebSocketClient.connectTcp(this.port)) {
			assertThat(client.handshake("/ws", Map.of("Origin", "https://evil.example"))).isEqualTo(403);
		}
		assertThat(this.sessions.getStatistics().getRejected(RejectionReason.ORIGIN)).isEqualTo(before + 1);
		assertThat(this.sessions.count()).isZero();
	}

	@Test
	void allowedOriginAndNoOriginAreAccepted() throws Exception {
		try (RawWebSocketClient browser = RawWebSocketClient.connectTcp(this.port);
				RawWebSocketClient tool = RawWebSocketClient.connectTcp(this.port)) {
			assertThat(browser.handshake("/ws", Map.of("Origin", "https://allowed.example"))).isEqualTo(101);
			assertThat(tool.handshake("/ws", Map.of())).isEqualTo(101);
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 2);
		}
	}

	@Test
	void sameOriginIsAccepted() throws Exception {
		try (RawWebSocketClient client = RawWebSocketClient.connectTcp(this.port)) {
			assertThat(client.handshake("/ws", Map.of("Origin", "http://127.0.0.1:" + this.port))).isEqualTo(101);
		}
	}

	@Test
	void messageOverLimitIsClosedWith1009() throws Exception {
		try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 1);
			String id = this.sessions.stream().findFirst().orElseThrow().getId();
			client.sendText("a".repeat(100 * 1024 + 1));
			Frame close = client.readDataOrClose(TIMEOUT);
			assertThat(close.opcode()).isEqualTo(RawWebSocketClient.OP_CLOSE);
			assertThat(close.closeCode()).isEqualTo(1009);
			await().atMost(TIMEOUT).until(() -> this.events.closedEvent(id) != null);
			assertThat(this.events.closedEvent(id).getCause()).isEqualTo(CloseCause.TOO_BIG);
			assertThat(this.sessions.find(id)).isEmpty();
		}
	}

	@Test
	void messagesUpToTheLimitArriveWholeAlthoughTheContainerBufferIsSmaller() throws Exception {
		try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
			String text = "é".repeat(50 * 1024);
			client.sendText(text);
			Frame echo = client.readMessage(TIMEOUT);
			assertThat(echo.opcode()).isEqualTo(RawWebSocketClient.OP_TEXT);
			assertThat(echo.text()).isEqualTo(text);
			byte[] binary = new byte[100 * 1024];
			Arrays.fill(binary, (byte) 7);
			client.sendFrame(true, RawWebSocketClient.OP_BINARY, binary);
			Frame binaryEcho = client.readMessage(TIMEOUT);
			assertThat(binaryEcho.opcode()).isEqualTo(RawWebSocketClient.OP_BINARY);
			assertThat(binaryEcho.payload()).isEqualTo(binary);
		}
	}

	@Test
	void fragmentedPingIsProtocolErrorAndLeavesOtherSessionsAlone() throws Exception {
		try (JdkWebSocketClient canary = JdkWebSocketClient.connect(this.port, "/ws");
				RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 2);
			canary.send("before");
			assertThat(canary.nextText(TIMEOUT)).isEqualTo("before");
			List<String> before = this.sessions.stream().map(LifelineSession::getId).toList();
			client.sendFrame(false, RawWebSocketClient.OP_PING, "x".getBytes(StandardCharsets.UTF_8));
			assertThat(client.awaitClose(TIMEOUT)).isEqualTo(1002);
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 1);
			String closedId = before.stream()
				.filter((id) -> this.sessions.find(id).isEmpty())
				.findFirst()
				.orElseThrow();
			await().atMost(TIMEOUT).until(() -> this.events.closedEvent(closedId) != null);
			assertThat(this.events.closedEvent(closedId).getCause()).isEqualTo(CloseCause.PROTOCOL_ERROR);
			canary.send("after");
			assertThat(canary.nextText(TIMEOUT)).isEqualTo("after");
			assertThat(canary.isClosed()).isFalse();
		}
	}

	@Test
	void concurrentSendsToOneSessionNeverInterleaveFrames() throws Exception {
		int threads = 32;
		int perThread = 1000;
		try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 1);
			LifelineSession session = this.sessions.stream().findFirst().orElseThrow();
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				futures.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < perThread; i++) {
						session.sendMessage(new TextMessage(thread + ":" + i));
					}
					return null;
				}));
			}
			start.countDown();
			int[] next = new int[threads];
			for (int received = 0; received < threads * perThread; received++) {
				Frame frame = client.readDataOrClose(TIMEOUT);
				assertThat(frame.fin()).isTrue();
				assertThat(frame.rsv()).isZero();
				assertThat(frame.masked()).isFalse();
				assertThat(frame.opcode()).isEqualTo(RawWebSocketClient.OP_TEXT);
				String[] parts = frame.text().split(":");
				int thread = Integer.parseInt(parts[0]);
				assertThat(Integer.parseInt(parts[1])).as("order of thread %d", thread).isEqualTo(next[thread]);
				next[thread]++;
			}
			for (Future<?> future : futures) {
				future.get(10, TimeUnit.SECONDS);
			}
			executor.shutdown();
			assertThat(session.getMessagesOut()).isEqualTo(threads * perThread);
			assertThat(session.isOpen()).isTrue();
		}
	}

	@Test
	void abruptDisconnectsLeaveTheRegistryEmpty() throws Exception {
		List<RawWebSocketClient> clients = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			clients.add(RawWebSocketClient.connect(this.port, "/ws"));
		}
		await().atMost(TIMEOUT).until(() -> this.sessions.count() == 100);
		long abnormalBefore = this.sessions.getStatistics().getClosed(CloseCause.ABNORMAL);
		for (RawWebSocketClient client : clients) {
			client.reset();
		}
		await().atMost(Duration.ofSeconds(1)).until(() -> this.sessions.count() == 0);
		assertThat(this.sessions.getStatistics().getClosed(CloseCause.ABNORMAL)).isEqualTo(abnormalBefore + 100);
	}

	@Test
	void registryClosesAndSendsById() throws Exception {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 1);
			String id = this.sessions.stream().findFirst().orElseThrow().getId();
			assertThat(this.sessions.send(id, new TextMessage("direct"))).isTrue();
			assertThat(client.nextText(TIMEOUT)).isEqualTo("direct");
			assertThat(this.sessions.broadcast(new TextMessage("all"))).isEqualTo(new BroadcastResult(1, 0, 0));
			assertThat(client.nextText(TIMEOUT)).isEqualTo("all");
			assertThat(this.sessions.send("unknown", new TextMessage("nobody"))).isFalse();
			assertThat(this.sessions.close(id, CloseStatus.NORMAL)).isTrue();
			assertThat(client.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(1000);
			await().atMost(TIMEOUT).until(() -> this.events.closedEvent(id) != null);
			assertThat(this.events.closedEvent(id).getCause()).isEqualTo(CloseCause.NORMAL);
		}
	}

}
