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

import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.test.EchoTestApplication;
import dev.lifeline.test.Heap;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.ShutdownTimes;
import dev.lifeline.test.SocketStates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad networks and failing code: clients reset mid-message, frozen clients, mass
 * disconnects, a slow consumer during a large broadcast, a throwing handler and a
 * throwing listener, and shutdown under traffic. After each the registry matches the
 * sockets the kernel still holds, and ten rounds leak neither threads nor heap.
 */
@LifelineServerTest(properties = { "lifeline.heartbeat.interval=200ms", "lifeline.heartbeat.timeout=2s",
		"lifeline.send-time-limit=500ms", "lifeline.cleanup-interval=200ms" })
@Import(FaultToleranceTests.Faults.class)
@ExtendWith(OutputCaptureExtension.class)
class FaultToleranceTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	SessionRegistry sessions;

	@Autowired
	Faults faults;

	@AfterEach
	void registryMatchesOpenSockets() {
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(this.sessions.count()).isZero();
			assertThat(SocketStates.establishedServerSide(this.port)).isZero();
		});
	}

	@Test
	void tenRoundsOfResetsFrozenPeersAndFailuresLeakNothing(CapturedOutput output) throws Exception {
		round();
		long threadsBefore = liveThreads();
		long heapBefore = Heap.usedAfterGc();
		for (int i = 2; i <= 10; i++) {
			round();
		}
		long threadsAfter = liveThreads();
		long heapAfter = Heap.usedAfterGc();
		System.out.printf("Fault rounds: threads %d -> %d, heap after GC %.1f MB -> %.1f MB%n", threadsBefore,
				threadsAfter, heapBefore / 1e6, heapAfter / 1e6);
		assertThat(threadsAfter).isLessThanOrEqualTo(threadsBefore + 2);
		assertThat(heapAfter).isLessThan(heapBefore + 32_000_000);
		assertThat(output.getAll()).doesNotContain("Closing session due to exception");
	}

	private void round() throws Exception {
		long abnormal = this.sessions.getStatistics().getClosed(CloseCause.ABNORMAL);
		long heartbeat = this.sessions.getStatistics().getClosed(CloseCause.HEARTBEAT_TIMEOUT);
		long serverError = this.sessions.getStatistics().getClosed(CloseCause.SERVER_ERROR);
		try (JdkWebSocketClient canary = JdkWebSocketClient.connect(this.port, "/ws");
				RawWebSocketClient frozen = RawWebSocketClient.connect(this.port, "/ws")) {
			List<RawWebSocketClient> killed = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws");
				byte[] frame = RawWebSocketClient.frame(true, 0, RawWebSocketClient.OP_BINARY, new byte[4096], true);
				client.sendRaw(Arrays.copyOf(frame, 2000));
				killed.add(client);
			}
			for (RawWebSocketClient client : killed) {
				client.reset();
			}
			this.faults.listenerThrows.set(true);
			try (JdkWebSocketClient failing = JdkWebSocketClient.connect(this.port, "/ws")) {
				failing.send("throw");
				assertThat(failing.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(1011);
			}
			this.faults.listenerThrows.set(false);
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 1);
			canary.send("still here");
			assertThat(canary.nextText(TIMEOUT)).isEqualTo("still here");
		}
		assertThat(this.sessions.getStatistics().getClosed(CloseCause.ABNORMAL)).isEqualTo(abnormal + 20);
		assertThat(this.sessions.getStatistics().getClosed(CloseCause.HEARTBEAT_TIMEOUT)).isEqualTo(heartbeat + 1);
		assertThat(this.sessions.getStatistics().getClosed(CloseCause.SERVER_ERROR)).isEqualTo(serverError + 1);
		registryMatchesOpenSockets();
	}

	@Test
	void thousandClientsDisconnectingAtOnce() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EchoTestApplication.class)
			.properties("server.port=0", "lifeline.heartbeat.enabled=false")
			.run()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			disconnectAtOnce(port, context.getBean(WebSocketSessions.class));
		}
	}

	private String closesByCause() {
		return Arrays.stream(CloseCause.values())
			.filter((cause) -> this.sessions.getStatistics().getClosed(cause) > 0)
			.map((cause) -> cause + "=" + this.sessions.getStatistics().getClosed(cause))
			.toList()
			.toString();
	}

	private void disconnectAtOnce(int port, WebSocketSessions sessions) throws Exception {
		List<RawWebSocketClient> clients = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			clients.add(RawWebSocketClient.connect(port, "/ws"));
		}
		await().atMost(TIMEOUT).until(() -> sessions.count() == 1000);
		assertThat(SocketStates.establishedServerSide(port)).isEqualTo(1000);
		ExecutorService executor = Executors.newFixedThreadPool(8);
		for (int i = 0; i < clients.size(); i++) {
			RawWebSocketClient client = clients.get(i);
			boolean reset = i % 2 == 0;
			executor.submit(() -> {
				if (reset) {
					client.reset();
				}
				else {
					client.close();
				}
				return null;
			});
		}
		executor.shutdown();
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(sessions.count())
				.as("registry, with %d sockets open", SocketStates.establishedServerSide(port))
				.isZero());
		System.out.printf("1,000 disconnects: registry empty after %d ms%n",
				Duration.ofNanos(System.nanoTime() - start).toMillis());
	}

	@Test
	void slowConsumerIsCutOffDuringTenMegabyteBroadcastWhileOthersGetEverything() throws Exception {
		int messages = 160;
		byte[] payload = new byte[64 * 1024];
		List<JdkWebSocketClient> fast = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			fast.add(JdkWebSocketClient.connect(this.port, "/ws"));
		}
		await().atMost(TIMEOUT).until(() -> this.sessions.count() == 3);
		List<LifelineSession> fastSessions = List.copyOf(this.sessions.snapshot());
		long slowConsumers = this.sessions.getStatistics().getClosed(CloseCause.SLOW_CONSUMER);
		long heapBefore = Heap.usedAfterGc();
		try (RawWebSocketClient stalled = RawWebSocketClient.connect(this.port, "/ws")) {
			stalled.socket().setReceiveBufferSize(4096);
			await().atMost(TIMEOUT)
				.untilAsserted(
						() -> assertThat(this.sessions.count()).as("sessions; closed so far: %s", closesByCause())
							.isEqualTo(4));
			for (int i = 0; i < messages; i++) {
				// Keep within the readers' send buffer limit, as a producer that respects
				// backpressure does: the stalled peer's queue alone grows.
				awaitQueuesBelow(fastSessions, 256 * 1024);
				this.sessions.broadcast(new TextMessage(i + ":" + "x".repeat(1000)));
				this.sessions.broadcast(new BinaryMessage(payload));
			}
			await().atMost(Duration.ofSeconds(20))
				.until(() -> fast.stream().allMatch((client) -> client.received().size() == messages));
			for (JdkWebSocketClient client : fast) {
				for (int i = 0; i < messages; i++) {
					assertThat(client.received().get(i)).startsWith(i + ":");
				}
			}
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 3);
			assertThat(this.sessions.getStatistics().getClosed(CloseCause.SLOW_CONSUMER)).isEqualTo(slowConsumers + 1);
			long heapAfter = Heap.usedAfterGc();
			System.out.printf("10 MB broadcast: heap after GC %.1f MB -> %.1f MB%n", heapBefore / 1e6, heapAfter / 1e6);
			assertThat(heapAfter).isLessThan(heapBefore + 32_000_000);
		}
		finally {
			fast.forEach(JdkWebSocketClient::close);
		}
	}

	@Test
	void shutdownUnderTrafficSends1001ToEveryClientWithinTheTimeout() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EchoTestApplication.class)
			.properties("server.port=0", "lifeline.shutdown-timeout=2s", "lifeline.heartbeat.enabled=false")
			.run();
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		WebSocketSessions sessions = context.getBean(WebSocketSessions.class);
		List<JdkWebSocketClient> clients = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			clients.add(JdkWebSocketClient.connect(port, "/ws"));
		}
		await().atMost(TIMEOUT).until(() -> sessions.count() == 20);
		AtomicBoolean sending = new AtomicBoolean(true);
		ExecutorService producers = Executors.newFixedThreadPool(4);
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			futures.add(producers.submit(() -> {
				while (sending.get()) {
					awaitQueuesBelow(sessions.snapshot(), 64 * 1024);
					sessions.broadcast(new TextMessage("traffic"));
				}
				return null;
			}));
		}
		await().atMost(TIMEOUT).until(() -> clients.get(1).received().size() > 100);
		ShutdownTimes took = ShutdownTimes.close(context, sessions);
		sending.set(false);
		producers.shutdown();
		assertThat(producers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		for (JdkWebSocketClient client : clients) {
			assertThat(client.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(1001);
		}
		assertThat(took.drain()).isLessThan(Duration.ofSeconds(2 + 1));
		assertThat(took.total()).isLessThan(Duration.ofSeconds(2 + 2));
		assertThat(sessions.count()).isZero();
		assertThat(SocketStates.establishedServerSide(port)).isZero();
	}

	/**
	 * Count live threads other than the container's request workers (Tomcat's
	 * {@code http-nio-*-exec-*}, Jetty's {@code qtp*}), pools that grow on demand and
	 * shrink only after an idle timeout.
	 */
	/**
	 * Threads of fixed-size pools that start their threads as work comes: the container's
	 * request threads and, on the portable path, Lifeline's control-frame writers (at
	 * most 16). How many of them run says how busy a round was, not whether anything
	 * leaked.
	 */
	private static boolean isPooled(Thread thread) {
		String name = thread.getName();
		return name.contains("-exec-") || name.startsWith("qtp") || name.startsWith("lifeline-control-frames-");
	}

	private static long liveThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && !isPooled(thread))
			.count();
	}

	/**
	 * Wait, as a producer that respects backpressure does, until every session's outbound
	 * queue is below a bound.
	 */
	private static void awaitQueuesBelow(Collection<LifelineSession> sessions, long bytes) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (sessions.stream().anyMatch((session) -> session.isOpen() && session.getQueuedBytes() > bytes)
				&& System.nanoTime() - deadline < 0) {
			LockSupport.parkNanos(200_000);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Faults implements SessionLifecycleListener {

		final AtomicBoolean listenerThrows = new AtomicBoolean();

		@Bean
		@Primary
		EchoTestApplication.EchoHandler throwingEchoHandler() {
			return new EchoTestApplication.ThrowingEchoHandler();
		}

		@Override
		public void sessionOpened(LifelineSession session) {
			if (this.listenerThrows.get()) {
				throw new IllegalStateException("Listener bug");
			}
		}

	}

}
