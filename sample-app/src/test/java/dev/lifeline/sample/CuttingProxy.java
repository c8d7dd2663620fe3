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

package dev.lifeline.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of the server that can cut its WebSocket connections as a network
 * does: both sockets are reset, so neither the browser nor the server sees a close frame.
 * While it {@linkplain #hold() holds}, new WebSocket connections wait before reaching the
 * server, which keeps a client detached for as long as a test needs; other requests pass.
 */
final class CuttingProxy implements AutoCloseable {

	private static final byte[] WEBSOCKET_REQUEST = "GET /ws".getBytes(StandardCharsets.US_ASCII);

	private final ServerSocket serverSocket;

	private final int targetPort;

	private final Set<Socket> webSocketSockets = ConcurrentHashMap.newKeySet();

	private final Set<Socket> allSockets = ConcurrentHashMap.newKeySet();

	private final AtomicInteger held = new AtomicInteger();

	private volatile CountDownLatch gate;

	CuttingProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "cutting-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int getPort() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Make new WebSocket connections wait until {@link #release()}.
	 */
	void hold() {
		this.gate = new CountDownLatch(1);
	}

	/**
	 * Let the waiting WebSocket connections through, and new ones at once.
	 */
	void release() {
		CountDownLatch latch = this.gate;
		this.gate = null;
		if (latch != null) {
			latch.countDown();
		}
	}

	/**
	 * The number of WebSocket connections waiting for {@link #release()}.
	 * @return the count
	 */
	int heldConnections() {
		return this.held.get();
	}

	/**
	 * Reset every WebSocket connection through the relay, on both sides.
	 * @return the number of sockets reset
	 */
	int cutWebSockets() {
		int cut = 0;
		for (Socket socket : this.webSocketSockets) {
			reset(socket);
			cut++;
		}
		this.webSocketSockets.clear();
		return cut;
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket client = this.serverSocket.accept();
				Thread relay = new Thread(() -> relay(client), "cutting-proxy-relay");
				relay.setDaemon(true);
				relay.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void relay(Socket client) {
		this.allSockets.add(client);
		try {
			InputStream in = client.getInputStream();
			byte[] first = new byte[16 * 1024];
			int length = in.read(first);
			if (length < 0) {
				client.close();
				return;
			}
			boolean webSocket = startsWith(first, length, WEBSOCKET_REQUEST);
			CountDownLatch latch = this.gate;
			if (webSocket && latch != null) {
				this.held.incrementAndGet();
				try {
					latch.await();
				}
				finally {
					this.held.decrementAndGet();
				}
			}
			Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
			this.allSockets.add(upstream);
			if (webSocket) {
				this.webSocketSockets.add(client);
				this.webSocketSockets.add(upstream);
			}
			upstream.getOutputStream().write(first, 0, length);
			Thread back = new Thread(() -> pump(upstream, client), "cutting-proxy-pump");
			back.setDaemon(true);
			back.start();
			pump(client, upstream);
		}
		catch (IOException ex) {
			close(client);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			close(client);
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			int n;
			while ((n = in.read(buffer)) >= 0) {
				out.write(buffer, 0, n);
				out.flush();
			}
			to.shutdownOutput();
		}
		catch (IOException ex) {
			close(from);
			close(to);
		}
	}

	private static boolean startsWith(byte[] bytes, int length, byte[] prefix) {
		if (length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (bytes[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private static void reset(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// Already closed.
		}
		close(socket);
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

	@Override
	public void close() throws IOException {
		release();
		this.serverSocket.close();
		this.allSockets.forEach(CuttingProxy::close);
	}

}
