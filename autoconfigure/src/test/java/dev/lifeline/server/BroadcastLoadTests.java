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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.LifelineServerTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sixteen threads broadcast to 200 sessions while the heartbeat pings every 50 ms: no
 * send fails, and every client receives every message, in order per sender. Producers are
 * paced and the heartbeat timeout is realistic, since a ping queued behind data in socket
 * buffers arrives late, the later the busier the machine.
 * {@code -Dlifeline.load.duration=30s} runs it longer.
 */
@LifelineServerTest(properties = { "lifeline.heartbeat.interval=50ms", "lifeline.heartbeat.timeout=5s",
		"lifeline.send-buffer-size-limit=4MB" })
class BroadcastLoadTests {

	private static final int SESSIONS = 200;

	private static final int PRODUCERS = 16;

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Test
	void everyClientReceivesEveryMessageInOrderPerSender() throws Exception {
		Duration duration = Duration.parse("PT" + System.getProperty("lifeline.load.duration", "10s").toUpperCase());
		List<JdkWebSocketClient> clients = new ArrayList<>();
		for (int i = 0; i < SESSIONS; i++) {
			clients.add(JdkWebSocketClient.connect(this.port, "/ws"));
		}
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.sessions.count() == SESSIONS);
			AtomicLong failed = new AtomicLong();
			long end = System.nanoTime() + duration.toNanos();
			ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
			List<Future<Integer>> sent = new ArrayList<>();
			for (int p = 0; p < PRODUCERS; p++) {
				int producer = p;
				sent.add(producers.submit(() -> {
					int count = 0;
					while (System.nanoTime() < end) {
						failed.addAndGet(this.sessions.broadcast(new TextMessage(producer + ":" + count)).failed());
						count++;
						TimeUnit.MILLISECONDS.sleep(50);
					}
					return count;
				}));
			}
			int total = 0;
			int[] perProducer = new int[PRODUCERS];
			for (int p = 0; p < PRODUCERS; p++) {
				perProducer[p] = sent.get(p).get(duration.toSeconds() + 30, TimeUnit.SECONDS);
				total += perProducer[p];
			}
			producers.shutdown();
			int expected = total;
			// A closed session would never catch up: say so at once rather than time out.
			await().atMost(Duration.ofSeconds(60))
				.failFast("a session was closed before its client received every broadcast",
						() -> this.sessions.count() < SESSIONS)
				.until(() -> clients.stream().allMatch((client) -> client.received().size() == expected));
			assertThat(failed).hasValue(0);
			for (JdkWebSocketClient client : clients) {
				int[] next = new int[PRODUCERS];
				for (String message : client.received()) {
					String[] parts = message.split(":");
					int producer = Integer.parseInt(parts[0]);
					assertThat(Integer.parseInt(parts[1])).isEqualTo(next[producer]++);
				}
				assertThat(next).isEqualTo(perProducer);
				assertThat(client.isClosed()).isFalse();
			}
			assertThat(this.sessions.count()).isEqualTo(SESSIONS);
			assertThat(this.sessions.getStatistics().getClosedTotal()).isZero();
			System.out.printf("Broadcast load: %d messages x %d sessions in %s, heartbeat every 50 ms%n", total,
					SESSIONS, duration);
		}
		finally {
			clients.forEach(JdkWebSocketClient::close);
		}
	}

}
