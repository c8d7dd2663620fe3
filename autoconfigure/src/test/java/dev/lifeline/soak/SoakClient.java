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

package dev.lifeline.soak;

import dev.lifeline.server.adapter.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket load client meant to run in its own process: it opens many connections from
 * one local source address, answers every ping with a pong, sends a small text now and
 * then, and reads everything the server sends. It uses one selector thread, so a process
 * holds thousands of connections cheaply, and binds each socket to the given
 * {@code 127.0.0.x} address, which {@code java.net.http.WebSocket} cannot do, so that
 * several processes do not exhaust one address's ephemeral ports.
 * <p>
 * Arguments, all {@code name=value}: {@code url} (a {@code ws://} URL),
 * {@code connections}, {@code source} (local address), {@code send-interval} (per
 * connection, default 10s), {@code deadline} (default 10m). It prints
 * {@code connected <n>} once every connection is open, a progress line every second
 * ({@code open=... pings=... sent=... received=...
 * closed=... failed=...}) and {@code done} at the end. It sends every peer a close frame
 * and exits when standard input ends or at the deadline, whichever comes first.
 */
public final class SoakClient {

	private static final int MAX_CONNECTIONS = 5000;

	private static final int CONNECTS_IN_FLIGHT = 64;

	private static final int OP_TEXT = 0x1;

	private static final int OP_CLOSE = 0x8;

	private static final int OP_PING = 0x9;

	private static final int OP_PONG = 0xA;

	private static final SecureRandom random = new SecureRandom();

	private final URI url;

	private final int connections;

	private final InetSocketAddress source;

	private final long sendIntervalNanos;

	private final long deadlineNanos;

	private final PrintStream out;

	private final Selector selector;

	private final List<Connection> all = new ArrayList<>();

	private volatile boolean leaving;

	private int open;

	private int settled;

	private int closed;

	private int failed;

	private long pings;

	private long sent;

	private long received;

	private SoakClient(Map<String, String> options, PrintStream out) throws IOException {
		this.url = URI.create(required(options, "url"));
		this.connections = Integer.parseInt(required(options, "connections"));
		if (this.connections < 1 || this.connections > MAX_CONNECTIONS) {
			throw new IllegalArgumentException("connections must be between 1 and " + MAX_CONNECTIONS);
		}
		this.source = new InetSocketAddress(options.getOrDefault("source", "127.0.0.1"), 0);
		this.sendIntervalNanos = duration(options.getOrDefault("send-interval", "10s")).toNanos();
		this.deadlineNanos = System.nanoTime() + duration(options.getOrDefault("deadline", "10m")).toNanos();
		this.out = out;
		this.selector = Selector.open();
	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			options.put(arg.substring(0, equals), arg.substring(equals + 1));
		}
		SoakClient client = new SoakClient(options, System.out);
		Thread stdin = new Thread(() -> client.leaveOnEndOf(System.in), "soak-stdin");
		stdin.setDaemon(true);
		stdin.start();
		client.run();
		System.exit(0);
	}

	private void leaveOnEndOf(InputStream in) {
		try {
			while (in.read() != -1) {
				// Ignore input; only its end matters
			}
		}
		catch (IOException ex) {
			// Treat a broken stdin as its end
		}
		this.leaving = true;
		this.selector.wakeup();
	}

	private void run() throws IOException {
		int started = 0;
		boolean reportedConnected = false;
		long nextProgress = System.nanoTime();
		while (!this.leaving && System.nanoTime() - this.deadlineNanos < 0) {
			while (started < this.connections && started - this.settled < CONNECTS_IN_FLIGHT) {
				connect();
				started++;
			}
			this.selector.select(100);
			long now = System.nanoTime();
			for (Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator(); keys.hasNext();) {
				SelectionKey key = keys.next();
				keys.remove();
				handle(key, now);
			}
			for (Connection connection : this.all) {
				if (connection.upgraded && !connection.closed && now - connection.nextSendNanos >= 0) {
					connection.nextSendNanos = now + this.sendIntervalNanos;
					connection.send(frame(OP_TEXT, ("soak " + this.sent).getBytes(StandardCharsets.UTF_8)));
					this.sent++;
				}
			}
			if (!reportedConnected && this.open == this.connections) {
				this.out.println("connected " + this.open);
				reportedConnected = true;
			}
			if (now - nextProgress >= 0) {
				progress();
				nextProgress = now + 1_000_000_000L;
			}
		}
		leave();
	}

	private void connect() throws IOException {
		SocketChannel channel = SocketChannel.open();
		channel.configureBlocking(false);
		channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
		channel.bind(this.source);
		Connection connection = new Connection(channel);
		this.all.add(connection);
		try {
			channel.connect(new InetSocketAddress(this.url.getHost(), this.url.getPort()));
			channel.register(this.selector, SelectionKey.OP_CONNECT, connection);
		}
		catch (IOException ex) {
			connection.fail(ex);
		}
	}

	private void handle(SelectionKey key, long now) {
		Connection connection = (Connection) key.attachment();
		try {
			if (key.isConnectable() && connection.channel.finishConnect()) {
				connection.startHandshake();
			}
			if (key.isValid() && key.isWritable()) {
				connection.flush();
			}
			if (key.isValid() && key.isReadable()) {
				connection.read(now);
			}
		}
		catch (IOException ex) {
			connection.fail(ex);
		}
	}

	private void leave() throws IOException {
		this.leaving = true;
		for (Connection connection : this.all) {
			if (connection.upgraded && !connection.closed) {
				connection.send(frame(OP_CLOSE, new byte[] { 0x03, (byte) 0xE8 }));
			}
		}
		long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (this.open > 0 && System.nanoTime() - end < 0) {
			this.selector.select(100);
			for (Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator(); keys.hasNext();) {
				SelectionKey key = keys.next();
				keys.remove();
				handle(key, System.nanoTime());
			}
		}
		for (Connection connection : this.all) {
			connection.channel.close();
		}
		progress();
		this.out.println("done");
	}

	private void progress() {
		this.out.printf("open=%d pings=%d sent=%d received=%d closed=%d failed=%d%n", this.open, this.pings, this.sent,
				this.received, this.closed, this.failed);
	}

	private String handshake() {
		byte[] key = new byte[16];
		random.nextBytes(key);
		return "GET " + this.url.getRawPath() + " HTTP/1.1\r\nHost: " + this.url.getHost() + ":" + this.url.getPort()
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
				+ Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
	}

	private static ByteBuffer frame(int opcode, byte[] payload) {
		if (payload.length > 125) {
			throw new IllegalArgumentException("Only small frames are sent");
		}
		ByteBuffer frame = ByteBuffer.allocate(6 + payload.length);
		frame.put((byte) (0x80 | opcode));
		frame.put((byte) (0x80 | payload.length));
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.put(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.put((byte) (payload[i] ^ mask[i % 4]));
		}
		return frame.flip();
	}

	private static Duration duration(String text) {
		return Duration.parse("PT" + text.toUpperCase());
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("Missing argument " + name + "=...");
		}
		return value;
	}

	/**
	 * One connection: the handshake, then a frame parser over a growing read buffer.
	 */
	private final class Connection {

		private final SocketChannel channel;

		private final Queue<ByteBuffer> pending = new ArrayDeque<>();

		private ByteBuffer in = ByteBuffer.allocate(512);

		private boolean upgraded;

		private boolean closed;

		private long nextSendNanos;

		Connection(SocketChannel channel) {
			this.channel = channel;
		}

		void startHandshake() throws IOException {
			this.channel.register(SoakClient.this.selector, SelectionKey.OP_READ, this);
			send(ByteBuffer.wrap(handshake().getBytes(StandardCharsets.ISO_8859_1)));
		}

		void send(ByteBuffer buffer) {
			this.pending.add(buffer);
			try {
				flush();
			}
			catch (IOException ex) {
				fail(ex);
			}
		}

		void flush() throws IOException {
			while (!this.pending.isEmpty()) {
				ByteBuffer head = this.pending.peek();
				this.channel.write(head);
				if (head.hasRemaining()) {
					this.channel.keyFor(SoakClient.this.selector)
						.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
					return;
				}
				this.pending.remove();
			}
			SelectionKey key = this.channel.keyFor(SoakClient.this.selector);
			if (key != null && key.isValid()) {
				key.interestOps(SelectionKey.OP_READ);
			}
		}

		void read(long now) throws IOException {
			if (!this.in.hasRemaining()) {
				this.in = ByteBuffer.allocate(this.in.capacity() * 2).put(this.in.flip());
			}
			if (this.channel.read(this.in) == -1) {
				endOfStream();
				return;
			}
			this.in.flip();
			if (!this.upgraded) {
				readResponseHead(now);
			}
			while (this.upgraded && !this.closed && readFrame()) {
				// Parse every complete frame in the buffer
			}
			this.in.compact();
		}

		private void readResponseHead(long now) throws IOException {
			String head = StandardCharsets.ISO_8859_1.decode(this.in.duplicate()).toString();
			int end = head.indexOf("\r\n\r\n");
			if (end < 0) {
				return;
			}
			if (!head.startsWith("HTTP/1.1 101")) {
				throw new IOException("Handshake refused: " + head.lines().findFirst().orElse(""));
			}
			this.in.position(end + 4);
			this.upgraded = true;
			SoakClient.this.settled++;
			this.nextSendNanos = now + ThreadLocalRandom.current().nextLong(SoakClient.this.sendIntervalNanos);
			SoakClient.this.open++;
		}

		private boolean readFrame() {
			int start = this.in.position();
			if (this.in.remaining() < 2) {
				return false;
			}
			int b0 = this.in.get() & 0xFF;
			int b1 = this.in.get() & 0xFF;
			long length = b1 & 0x7F;
			if (length == 126) {
				if (this.in.remaining() < 2) {
					this.in.position(start);
					return false;
				}
				length = this.in.getShort() & 0xFFFF;
			}
			else if (length == 127) {
				if (this.in.remaining() < 8) {
					this.in.position(start);
					return false;
				}
				length = this.in.getLong();
			}
			if (this.in.remaining() < length) {
				this.in.position(start);
				if (this.in.capacity() < length + 14) {
					ByteBuffer larger = ByteBuffer.allocate((int) length + 14);
					larger.put(this.in);
					this.in = larger.flip();
				}
				return false;
			}
			byte[] payload = new byte[(int) length];
			this.in.get(payload);
			int opcode = b0 & 0xF;
			if (opcode == OP_PING) {
				SoakClient.this.pings++;
				send(frame(OP_PONG, payload));
			}
			else if (opcode == OP_CLOSE) {
				if (!SoakClient.this.leaving) {
					send(frame(OP_CLOSE, (payload.length >= 2) ? new byte[] { payload[0], payload[1] } : new byte[0]));
				}
				close();
			}
			else {
				SoakClient.this.received++;
			}
			return true;
		}

		private void endOfStream() throws IOException {
			if (!this.closed) {
				close();
			}
			this.channel.close();
		}

		private void close() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (this.upgraded) {
				SoakClient.this.open--;
				if (!SoakClient.this.leaving) {
					SoakClient.this.closed++;
				}
			}
		}

		void fail(IOException ex) {
			if (!this.closed) {
				this.closed = true;
				if (this.upgraded) {
					SoakClient.this.open--;
				}
				else {
					SoakClient.this.settled++;
				}
				SoakClient.this.failed++;
				SoakClient.this.out.println("failure: " + ex);
			}
			try {
				this.channel.close();
			}
			catch (IOException ignored) {
				// Already failing
			}
		}

	}

}
