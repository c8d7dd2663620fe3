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

package dev.lifeline.benchmark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The least a server-side heartbeat does, for plain Spring with
 * {@code benchmark.server-pings=true}: every session gets a ping carrying its send time
 * every 25 s, in 500 ms batches (Lifeline's defaults), written with Spring's
 * {@code sendMessage} from one scheduler thread. Nothing reads the pongs, times out a
 * silent peer, queues behind a busy session or counts anything: it is the cost of the
 * pings and pongs themselves when the server sends the pings, beside the container
 * answering its clients' pings.
 */
class ServerPinger implements SmartLifecycle {

	private static final long TICK_MILLIS = 500;

	private static final int BUCKETS = 50;

	@SuppressWarnings("unchecked")
	private final Set<WebSocketSession>[] buckets = new Set[BUCKETS];

	private final ScheduledExecutorService scheduler = Executors
		.newSingleThreadScheduledExecutor((task) -> new Thread(task, "server-pinger"));

	private long tick;

	private volatile boolean running;

	ServerPinger() {
		for (int i = 0; i < BUCKETS; i++) {
			this.buckets[i] = ConcurrentHashMap.newKeySet();
		}
	}

	void opened(WebSocketSession session) {
		this.buckets[ThreadLocalRandom.current().nextInt(BUCKETS)].add(session);
	}

	void closed(WebSocketSession session) {
		for (Set<WebSocketSession> bucket : this.buckets) {
			bucket.remove(session);
		}
	}

	private void pingBucket() {
		Set<WebSocketSession> bucket = this.buckets[(int) (this.tick++ % BUCKETS)];
		for (WebSocketSession session : bucket) {
			try {
				session.sendMessage(new PingMessage(ByteBuffer.allocate(Long.BYTES).putLong(0, System.nanoTime())));
			}
			catch (IOException | RuntimeException ex) {
				// Closed meanwhile: its close callback removes it.
			}
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.scheduler.scheduleAtFixedRate(this::pingBucket, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.running = false;
		this.scheduler.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
