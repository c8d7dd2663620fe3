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

package dev.lifeline.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link java.net.http.WebSocket} with a listener that records what arrives. The JDK
 * client answers pings by itself.
 */
public final class JdkWebSocketClient implements WebSocket.Listener, AutoCloseable {

	private static final HttpClient httpClient = HttpClient.newHttpClient();

	private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

	private final List<String> received = new CopyOnWriteArrayList<>();

	private final List<Long> receivedAt = Collections.synchronizedList(new ArrayList<>());

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	private final StringBuilder partial = new StringBuilder();

	private volatile WebSocket webSocket;

	private volatile String closeReason;

	public static JdkWebSocketClient connect(int port, String path) {
		return connect(port, path, Map.of());
	}

	public static JdkWebSocketClient connect(int port, String path, Map<String, String> headers) {
		JdkWebSocketClient client = new JdkWebSocketClient();
		WebSocket.Builder builder = httpClient.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
		headers.forEach(builder::header);
		client.webSocket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), client).join();
		return client;
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(Long.MAX_VALUE);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		synchronized (this.partial) {
			this.partial.append(data);
			if (last) {
				String text = this.partial.toString();
				this.partial.setLength(0);
				this.receivedAt.add(System.nanoTime());
				this.received.add(text);
				this.texts.add(text);
			}
		}
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closeReason = reason;
		this.closeCode.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closeCode.complete(1006);
	}

	public WebSocket webSocket() {
		return this.webSocket;
	}

	public void send(String text) {
		this.webSocket.sendText(text, true).join();
	}

	public void sendBinary(byte[] bytes) {
		this.webSocket.sendBinary(ByteBuffer.wrap(bytes), true).join();
	}

	public String nextText(Duration timeout) throws InterruptedException {
		return this.texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	public List<String> received() {
		return this.received;
	}

	/**
	 * Return when each text in {@link #received()} arrived, by {@link System#nanoTime()}.
	 * @return the arrival times, in the order of the texts
	 */
	public List<Long> receivedAt() {
		synchronized (this.receivedAt) {
			return new ArrayList<>(this.receivedAt);
		}
	}

	public CompletableFuture<Integer> closeCode() {
		return this.closeCode;
	}

	public String closeReason() {
		return this.closeReason;
	}

	public boolean isClosed() {
		return this.closeCode.isDone();
	}

	@Override
	public void close() {
		if (!this.webSocket.isOutputClosed()) {
			try {
				this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
				this.closeCode.get(2, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				// The server did not answer the close: drop the connection below.
			}
		}
		this.webSocket.abort();
	}

}
