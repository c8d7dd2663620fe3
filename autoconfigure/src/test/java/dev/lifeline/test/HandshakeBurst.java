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

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends many WebSocket handshakes at the same instant, each on its own connection, and
 * keeps the connections for the test to inspect and close.
 */
public final class HandshakeBurst implements AutoCloseable {

	private final List<RawWebSocketClient> clients;

	private HandshakeBurst(List<RawWebSocketClient> clients) {
		this.clients = clients;
	}

	/**
	 * Connect all clients first, then release every handshake at once.
	 * @param port the server port
	 * @param path the upgrade path
	 * @param count the number of handshakes
	 * @param headers extra handshake headers
	 * @return the burst, with every response read
	 */
	public static HandshakeBurst send(int port, String path, int count, Map<String, String> headers) throws Exception {
		List<RawWebSocketClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				clients.add(RawWebSocketClient.connectTcp(port));
			}
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService executor = Executors.newFixedThreadPool(count);
			try {
				List<Future<Integer>> statuses = new ArrayList<>();
				for (RawWebSocketClient client : clients) {
					statuses.add(executor.submit(() -> {
						start.await();
						return client.handshake(path, headers);
					}));
				}
				start.countDown();
				for (Future<Integer> status : statuses) {
					status.get();
				}
			}
			finally {
				executor.shutdownNow();
			}
			return new HandshakeBurst(clients);
		}
		catch (Exception ex) {
			for (RawWebSocketClient client : clients) {
				client.close();
			}
			throw ex;
		}
	}

	/**
	 * Return the clients whose handshake got the given status.
	 * @param status the HTTP status
	 * @return the clients
	 */
	public List<RawWebSocketClient> withStatus(int status) {
		return this.clients.stream().filter((client) -> client.status() == status).toList();
	}

	@Override
	public void close() throws IOException {
		for (RawWebSocketClient client : this.clients) {
			client.close();
		}
	}

}
