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

import dev.lifeline.test.EchoTestApplication;
import dev.lifeline.test.Heap;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.SessionEventRecorder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
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
@SpringBootTest(classes = { EchoTestApplication.class, SessionEventRecorder.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "lifeline.send-time-limit=1s",
				"lifeline.heartbeat.interval=5s", "lifeline.heartbeat.timeout=5s", "lifeline.max-sessions=1000" })
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
		List<JdkWebSocketClient> readers = new ArrayList<>();
		List<RawWebSocketClient> stalled = new ArrayList<>();
		ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
		try {
			for (int i = 0; i < READERS; i++) {
				readers.add(JdkWebSocketClient.connect(this.port, "/ws"));
			}
			await().dontCatchUncaughtExceptions()
				.atMost(Duration.ofSeconds(20))
				.until(() -> this.sessions.count() == READERS);
			Set<String> readerIds = new HashSet<>(this.sessions.stream().map(LifelineSession::getId).toList());
			for (int i = 0; i < stalledPeers; i++) {
				stalled.add(RawWebSocketClient.connectStalled(this.port, "/ws"));
			}
			await().dontCatchUncaughtExceptions()
				.atMost(Duration.ofSeconds(20))
				.until(() -> this.sessions.count() == READERS + stalledPeers);
			List<String> stalledIds = this.sessions.stream()
				.map(LifelineSession::getId)
				.filter((id) -> !readerIds.contains(id))
				.toList();
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
			await().dontCatchUncaughtExceptions()
				.atMost(Duration.ofSeconds(40))
				.until(() -> readers.stream().allMatch((reader) -> reader.received().size() == MESSAGES));
			long maxLatency = 0;
			for (JdkWebSocketClient reader : readers) {
				List<String> received = reader.received();
				List<Long> receivedAt = reader.receivedAt();
				for (int i = 0; i < MESSAGES; i++) {
					String[] parts = received.get(i).split(":", 3);
					assertThat(Integer.parseInt(parts[0])).isEqualTo(i);
					maxLatency = Math.max(maxLatency, receivedAt.get(i) - Long.parseLong(parts[1]));
				}
				assertThat(reader.isClosed()).isFalse();
			}
			System.out.printf("%d readers, %d stalled peers: readers' maximum latency %d ms%n", READERS, stalledPeers,
					TimeUnit.NANOSECONDS.toMillis(maxLatency));
			assertThat(Duration.ofNanos(maxLatency)).isLessThan(Duration.ofMillis(250));
			await().dontCatchUncaughtExceptions()
				.atMost(Duration.ofSeconds(10))
				.until(() -> goneAt.keySet().containsAll(stalledIds));
			long slowest = 0;
			for (String id : stalledIds) {
				assertThat(this.events.closedEvent(id).getCause()).isEqualTo(CloseCause.SLOW_CONSUMER);
				slowest = Math.max(slowest, goneAt.get(id) - lastDrained.get(id));
			}
			System.out.printf("%d stalled peers cut off at most %d ms after their queue last drained%n", stalledPeers,
					TimeUnit.NANOSECONDS.toMillis(slowest));
			assertThat(Duration.ofNanos(slowest)).isLessThanOrEqualTo(SEND_TIME_LIMIT.plusSeconds(1));
			assertThat(this.sessions.count()).isEqualTo(READERS);
		}
		finally {
			scheduler.shutdownNow();
			readers.forEach(JdkWebSocketClient::close);
			for (RawWebSocketClient client : stalled) {
				client.close();
			}
		}
		await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(20)).until(() -> this.sessions.count() == 0);
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

}
