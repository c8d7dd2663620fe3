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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.lifeline.test.Heap;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient.Frame;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.SessionEventRecorder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Peers that stop reading are cut off as slow consumers, each by itself, while 200
 * readers receive a broadcast of 6 KB at 50 messages a second, every message, in order
 * and in time: the broadcasting thread never waits for a stalled peer, so stalled peers
 * add nothing to the readers' latency.
 * <p>
 * The waits ignore exceptions on other threads: when a stalled peer is cut off in the
 * middle of a text message that Tomcat writes in parts, Tomcat's executor may throw "the
 * WebSocket session has been closed" for the part it can no longer write.
 */
@LifelineServerTest(properties = { "lifeline.send-time-limit=1s", "lifeline.heartbeat.interval=30s",
		"lifeline.heartbeat.timeout=20s", "lifeline.max-sessions=1000" })
@Import(SessionEventRecorder.class)
class SlowConsumerTests {

	private static final int READERS = 200;

	private static final int MESSAGES = 500;

	private static final Duration SEND_TIME_LIMIT = Duration.ofSeconds(1);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	SessionEventRecorder events;

	@ParameterizedTest(name = "{0} stalled peers")
	@ValueSource(ints = { 5, 100 })
	void stalledPeersAreCutOffWhileReadersReceiveEveryMessageInTime(int stalledPeers) throws Exception {
		long heapBefore = Heap.usedAfterGc();
		List<Reader> readers = new ArrayList<>();
		List<RawWebSocketClient> stalled = new ArrayList<>();
		ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
		try {
			for (int i = 0; i < READERS; i++) {
				readers.add(new Reader(RawWebSocketClient.connect(this.port, "/ws")));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> this.sessions.count() == READERS);
			Set<String> readerIds = new HashSet<>(this.sessions.stream().map(LifelineSession::getId).toList());
			for (int i = 0; i < stalledPeers; i++) {
				stalled.add(RawWebSocketClient.connectStalled(this.port, "/ws"));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> this.sessions.count() == READERS + stalledPeers);
			List<String> stalledIds = this.sessions.stream()
				.map(LifelineSession::getId)
				.filter((id) -> !readerIds.contains(id))
				.toList();
			readers.forEach(Reader::start);
			Map<String, Long> lastDrained = new ConcurrentHashMap<>();
			Map<String, Long> goneAt = new ConcurrentHashMap<>();
			scheduler.scheduleAtFixedRate(() -> sample(stalledIds, lastDrained, goneAt), 0, 10, TimeUnit.MILLISECONDS);
			String payload = "x".repeat(6 * 1024);
			AtomicInteger sent = new AtomicInteger();
			scheduler.scheduleAtFixedRate(() -> {
				int i = sent.get();
				if (i < MESSAGES) {
					this.sessions.broadcast(new TextMessage(i + ":" + System.nanoTime() + ":" + payload));
					sent.incrementAndGet();
				}
			}, 0, 20, TimeUnit.MILLISECONDS);
			for (Reader reader : readers) {
				reader.thread.join(Duration.ofSeconds(40).toMillis());
				assertThat(reader.failure).isNull();
				assertThat(reader.received).isEqualTo(MESSAGES);
			}
			long maxLatency = readers.stream().mapToLong((reader) -> reader.maxLatency).max().orElseThrow();
			System.out.printf("%d readers, %d stalled peers: readers' maximum latency %d ms%n", READERS, stalledPeers,
					TimeUnit.NANOSECONDS.toMillis(maxLatency));
			// A reader held up by a stalled peer would wait for its send time limit; the
			// bound stays below that, and far above the few milliseconds a reader waits
			// on
			// an idle machine, so that a busy one does not fail it. How low the latency
			// really is belongs to the benchmark.
			assertThat(Duration.ofNanos(maxLatency)).isLessThan(SEND_TIME_LIMIT);
			await().dontCatchUncaughtExceptions()
				.atMost(Duration.ofSeconds(10))
				.until(() -> goneAt.keySet().containsAll(stalledIds));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> stalledIds.stream().allMatch((id) -> this.events.closedEvent(id) != null));
			long slowest = 0;
			for (String id : stalledIds) {
				assertThat(this.events.closedEvent(id).getCause()).isEqualTo(CloseCause.SLOW_CONSUMER);
				slowest = Math.max(slowest, goneAt.get(id) - lastDrained.get(id));
			}
			System.out.printf("%d stalled peers cut off at most %d ms after their queue last drained%n", stalledPeers,
					TimeUnit.NANOSECONDS.toMillis(slowest));
			// Found by the cleanup sweep, which looks for old sends every second: the
			// limit, one sweep interval, and a second for a busy machine's scheduling.
			assertThat(Duration.ofNanos(slowest)).isLessThanOrEqualTo(SEND_TIME_LIMIT.plusSeconds(2));
			assertThat(this.sessions.count()).isEqualTo(READERS);
		}
		finally {
			scheduler.shutdownNow();
			for (Reader reader : readers) {
				reader.client.close();
			}
			for (RawWebSocketClient client : stalled) {
				client.close();
			}
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.sessions.count() == 0);
		assertThat(this.sessions.getStatistics().getQueuedBytes()).isZero();
		long heapAfter = Heap.usedAfterGc();
		System.out.printf("Heap after GC %.1f MB -> %.1f MB%n", heapBefore / 1e6, heapAfter / 1e6);
		assertThat(heapAfter).isLessThan(heapBefore + 16_000_000);
	}

	private void sample(List<String> ids, Map<String, Long> lastDrained, Map<String, Long> goneAt) {
		long now = System.nanoTime();
		for (String id : ids) {
			LifelineSession session = this.sessions.find(id).orElse(null);
			if (session == null) {
				goneAt.putIfAbsent(id, now);
			}
			else if (session.getQueuedBytes() == 0) {
				lastDrained.put(id, now);
			}
		}
	}

	/**
	 * Reads every message on a thread of its own and checks order and latency, the way a
	 * client on another machine would: the broadcast's timestamp and the arrival time
	 * come from the same clock.
	 */
	private static final class Reader {

		final RawWebSocketClient client;

		final Thread thread;

		volatile int received;

		volatile long maxLatency;

		volatile Throwable failure;

		Reader(RawWebSocketClient client) {
			this.client = client;
			this.thread = new Thread(this::read, "reader");
			this.thread.setDaemon(true);
		}

		void start() {
			this.thread.start();
		}

		private void read() {
			try {
				for (int i = 0; i < MESSAGES; i++) {
					Frame frame = this.client.readMessage(Duration.ofSeconds(30));
					long arrived = System.nanoTime();
					String[] parts = frame.text().split(":", 3);
					if (frame.opcode() != RawWebSocketClient.OP_TEXT || Integer.parseInt(parts[0]) != i) {
						throw new IllegalStateException("Expected message " + i + " but got " + frame);
					}
					this.maxLatency = Math.max(this.maxLatency, arrived - Long.parseLong(parts[1]));
					this.received = i + 1;
				}
			}
			catch (Throwable ex) {
				this.failure = ex;
			}
		}

	}

}
