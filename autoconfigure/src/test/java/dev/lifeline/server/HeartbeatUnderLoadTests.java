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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient.Frame;
import dev.lifeline.test.RawWebSocketClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pings share the session's outbound queue with application messages, so a ping never
 * splits or interleaves with a data frame however many threads send at once. The timeout
 * is generous because a ping queued behind megabytes of data in socket buffers takes that
 * long to reach the peer.
 */
@LifelineServerTest(properties = { "lifeline.heartbeat.interval=100ms", "lifeline.heartbeat.timeout=5s" })
class HeartbeatUnderLoadTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Test
	void pingsUnderConcurrentSendStormAreCompleteControlFrames() throws Exception {
		int threads = 8;
		try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 1);
			LifelineSession session = this.sessions.stream().findFirst().orElseThrow();
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			AtomicBoolean stop = new AtomicBoolean();
			AtomicInteger sent = new AtomicInteger();
			List<Future<?>> futures = new ArrayList<>();
			String padding = "p".repeat(20);
			for (int t = 0; t < threads; t++) {
				int thread = t;
				futures.add(executor.submit(() -> {
					for (int i = 0; !stop.get() && i < 200_000; i++) {
						// Stay under the send buffer limit: a storm that outpaces the
						// socket is a slow consumer and gets cut off, which is not what
						// this test is about. Let the queue drain now and then: a ping is
						// written only when nothing else is.
						while (session.getQueuedBytes() > ((i % 100 == 0) ? 0 : 64 * 1024) && !stop.get()) {
							LockSupport.parkNanos(100_000);
						}
						session.sendMessage(new TextMessage(thread + ":" + i + ":" + padding));
						sent.incrementAndGet();
					}
					return null;
				}));
			}
			int[] next = new int[threads];
			int pings = 0;
			int data = 0;
			while (!(futures.stream().allMatch(Future::isDone) && data == sent.get())) {
				Frame frame = client.readFrame(Duration.ofSeconds(10));
				assertThat(frame.rsv()).isZero();
				assertThat(frame.masked()).isFalse();
				if (frame.opcode() == RawWebSocketClient.OP_PING) {
					assertThat(frame.fin()).isTrue();
					assertThat(frame.payload().length).isLessThanOrEqualTo(125);
					client.sendFrame(true, RawWebSocketClient.OP_PONG, frame.payload());
					if (++pings >= 5) {
						stop.set(true);
					}
					continue;
				}
				assertThat(frame.opcode()).as("opcode (close code %d)", frame.closeCode())
					.isEqualTo(RawWebSocketClient.OP_TEXT);
				assertThat(frame.fin()).isTrue();
				String[] parts = frame.text().split(":", 3);
				int thread = Integer.parseInt(parts[0]);
				assertThat(Integer.parseInt(parts[1])).isEqualTo(next[thread]);
				assertThat(parts[2]).isEqualTo(padding);
				next[thread]++;
				data++;
			}
			for (Future<?> future : futures) {
				future.get(10, TimeUnit.SECONDS);
			}
			executor.shutdown();
			assertThat(pings).isGreaterThanOrEqualTo(5);
			assertThat(data).isPositive();
			assertThat(session.isOpen()).isTrue();
		}
	}

}
