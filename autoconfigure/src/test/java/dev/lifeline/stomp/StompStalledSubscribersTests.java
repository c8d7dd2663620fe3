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
import dev.lifeline.server.WebSocketSessionClosedEvent;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.RawWebSocketClient.Frame;
import dev.lifeline.test.StompTestApplication;
import dev.lifeline.test.StompTestApplication.DisconnectEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The getting-started application with subscribers that stop reading, side by side with
 * and without Lifeline ({@code lifeline.stomp.enabled=false}): 20 subscribers read, 10
 * stop reading, and the application publishes 6 KB at 50 messages per second for 10
 * seconds. With Lifeline no reader loses a message and every stalled subscriber is cut
 * off; without, the figures are printed for comparison only. The bounds are generous, for
 * a busy machine: how fast the readers really are belongs to the benchmark.
 */
class StompStalledSubscribersTests {

	private static final int READERS = 20;

	private static final int STALLED = 10;

	private static final int MESSAGES = 500;

	private static final Duration SEND_TIME_LIMIT = Duration.ofSeconds(2);

	private static final String DESTINATION = "/topic/feed";

	@Test
	void withLifelineReadersLoseNothingAndStalledSubscribersAreCutOff() throws Exception {
		Result with = run(true);
		Result without = run(false);
		System.out.printf("Stalled STOMP subscribers, %d readers, %d stalled, %d messages of 6 KB at 50/s:%n", READERS,
				STALLED, MESSAGES);
		System.out.println("  with Lifeline:    " + with);
		System.out.println("  without Lifeline: " + without);
		assertThat(with.lost()).isZero();
		// A reader held up by a stalled subscriber would wait for a send time limit.
		assertThat(with.p99Millis()).isLessThan(SEND_TIME_LIMIT.toMillis());
		assertThat(with.cutOff()).isEqualTo(STALLED);
		// Found by the cleanup sweep every second, and a second for a busy machine.
		assertThat(with.slowestCutOffMillis()).isLessThanOrEqualTo(SEND_TIME_LIMIT.plusSeconds(2).toMillis());
		assertThat(with.lost()).isLessThanOrEqualTo(without.lost());
	}

	private Result run(boolean lifeline) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(StompTestApplication.class)
			.properties("server.port=0", "lifeline.stomp.enabled=" + lifeline,
					"lifeline.send-time-limit=" + SEND_TIME_LIMIT.toMillis() + "ms", "lifeline.heartbeat.interval=30s",
					"lifeline.heartbeat.timeout=20s")
			.run();
		List<Reader> readers = new ArrayList<>();
		List<RawWebSocketClient> stalled = new ArrayList<>();
		ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
		try {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			DisconnectEvents disconnects = context.getBean(DisconnectEvents.class);
			List<WebSocketSessionClosedEvent> closed = new CopyOnWriteArrayList<>();
			context.addApplicationListener((ApplicationListener<WebSocketSessionClosedEvent>) closed::add);
			SessionRegistry sessions = lifeline ? context.getBean(SessionRegistry.class) : null;
			for (int i = 0; i < READERS; i++) {
				readers.add(new Reader(subscribe(RawWebSocketClient.connect(port, StompTestApplication.ENDPOINT))));
			}
			Set<String> readerIds = (sessions != null)
					? new HashSet<>(sessions.stream().map(LifelineSession::getId).toList()) : Set.of();
			for (int i = 0; i < STALLED; i++) {
				stalled.add(subscribe(RawWebSocketClient.connectStalled(port, StompTestApplication.ENDPOINT)));
			}
			SimpleBrokerMessageHandler broker = context.getBean(SimpleBrokerMessageHandler.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> subscribers(broker) == READERS + STALLED);
			List<String> stalledIds = (sessions != null)
					? sessions.stream().map(LifelineSession::getId).filter((id) -> !readerIds.contains(id)).toList()
					: List.of();
			Map<String, Long> lastDrained = new ConcurrentHashMap<>();
			Map<String, Long> goneAt = new ConcurrentHashMap<>();
			if (sessions != null) {
				scheduler.scheduleAtFixedRate(() -> sample(sessions, stalledIds, lastDrained, goneAt), 0, 10,
						TimeUnit.MILLISECONDS);
			}
			readers.forEach(Reader::start);
			SimpMessagingTemplate template = context.getBean(SimpMessagingTemplate.class);
			String payload = "x".repeat(6 * 1024);
			AtomicInteger sent = new AtomicInteger();
			scheduler.scheduleAtFixedRate(() -> {
				int i = sent.get();
				if (i < MESSAGES) {
					template.convertAndSend(DESTINATION, i + ":" + System.nanoTime() + ":" + payload);
					sent.incrementAndGet();
				}
			}, 0, 20, TimeUnit.MILLISECONDS);
			await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() == MESSAGES);
			for (Reader reader : readers) {
				reader.thread.join(Duration.ofSeconds(12).toMillis());
			}
			int lost = readers.stream().mapToInt((reader) -> MESSAGES - reader.latencies.size()).sum();
			long[] latencies = readers.stream()
				.flatMap((reader) -> reader.latencies.stream())
				.mapToLong(Long::longValue)
				.sorted()
				.toArray();
			long p99 = (latencies.length > 0)
					? TimeUnit.NANOSECONDS.toMillis(latencies[(int) Math.ceil(latencies.length * 0.99) - 1]) : -1;
			long slowest = -1;
			if (sessions != null) {
				await().atMost(SEND_TIME_LIMIT.plusSeconds(10)).until(() -> goneAt.keySet().containsAll(stalledIds));
				slowest = 0;
				for (String id : stalledIds) {
					slowest = Math.max(slowest, goneAt.get(id) - lastDrained.getOrDefault(id, goneAt.get(id)));
				}
				await().atMost(Duration.ofSeconds(5))
					.until(() -> closed.stream()
						.filter((event) -> event.getCause() == CloseCause.SLOW_CONSUMER)
						.count() == STALLED);
			}
			return new Result(lost, p99, disconnects.all().size(),
					(slowest >= 0) ? TimeUnit.NANOSECONDS.toMillis(slowest) : -1);
		}
		finally {
			scheduler.shutdownNow();
			for (Reader reader : readers) {
				reader.client.close();
			}
			for (RawWebSocketClient client : stalled) {
				client.close();
			}
			context.close();
		}
	}

	private static void sample(SessionRegistry sessions, List<String> ids, Map<String, Long> lastDrained,
			Map<String, Long> goneAt) {
		long now = System.nanoTime();
		for (String id : ids) {
			LifelineSession session = sessions.find(id).orElse(null);
			if (session == null) {
				goneAt.putIfAbsent(id, now);
			}
			else if (session.getQueuedBytes() == 0) {
				lastDrained.put(id, now);
			}
		}
	}

	private static int subscribers(SimpleBrokerMessageHandler broker) {
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		accessor.setDestination(DESTINATION);
		return broker.getSubscriptionRegistry()
			.findSubscriptions(MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders()))
			.size();
	}

	private static RawWebSocketClient subscribe(RawWebSocketClient client) throws IOException {
		StompEndpointTests.connect(client);
		client.sendText("SUBSCRIBE\nid:sub-0\ndestination:" + DESTINATION + "\n\n\0");
		return client;
	}

	/**
	 * What one side of the comparison measured.
	 *
	 * @param lost the messages the readers did not receive within 12 s of the end
	 * @param p99Millis the readers' 99th percentile latency
	 * @param cutOff the STOMP sessions that ended while the readers read
	 * @param slowestCutOffMillis the longest a stalled subscriber stayed after its queue
	 * last drained, {@code -1} when not measured
	 */
	record Result(int lost, long p99Millis, int cutOff, long slowestCutOffMillis) {

		@Override
		public String toString() {
			return "lost " + this.lost + " of " + READERS * MESSAGES + ", p99 " + this.p99Millis + " ms, " + this.cutOff
					+ " of " + STALLED + " stalled subscribers cut off" + ((this.slowestCutOffMillis >= 0)
							? ", at most " + this.slowestCutOffMillis + " ms after their queue last drained" : "");
		}

	}

	/**
	 * Reads STOMP messages on a thread of its own, answering pings, and records each
	 * message's latency: its timestamp and the arrival time come from the same clock.
	 */
	private static final class Reader {

		final RawWebSocketClient client;

		final Thread thread;

		final List<Long> latencies = new CopyOnWriteArrayList<>();

		Reader(RawWebSocketClient client) {
			this.client = client;
			this.thread = new Thread(this::read, "stomp-reader");
			this.thread.setDaemon(true);
		}

		void start() {
			this.thread.start();
		}

		private void read() {
			try {
				while (this.latencies.size() < MESSAGES) {
					Frame frame = this.client.readMessage(Duration.ofSeconds(12));
					if (frame.opcode() != RawWebSocketClient.OP_TEXT) {
						return;
					}
					long now = System.nanoTime();
					String text = new String(frame.payload(), StandardCharsets.UTF_8);
					if (text.startsWith("MESSAGE")) {
						String[] body = text.substring(text.indexOf("\n\n") + 2).split(":", 3);
						this.latencies.add(now - Long.parseLong(body[1]));
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// Counted as lost.
			}
		}

	}

}
