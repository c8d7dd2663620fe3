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

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket client on a plain socket that sends exactly the bytes a test asks for:
 * arbitrary frames (bad opcodes, reserved bits, unmasked, fragmented control frames), raw
 * bytes, no reading at all, or a connection reset.
 */
public final class RawWebSocketClient implements AutoCloseable {

	public static final int OP_CONTINUATION = 0x0;

	public static final int OP_TEXT = 0x1;

	public static final int OP_BINARY = 0x2;

	public static final int OP_CLOSE = 0x8;

	public static final int OP_PING = 0x9;

	public static final int OP_PONG = 0xA;

	private static final SecureRandom random = new SecureRandom();

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private int status;

	private final Map<String, String> responseHeaders = new LinkedHashMap<>();

	private RawWebSocketClient(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	/**
	 * Open a TCP connection without sending anything.
	 */
	public static RawWebSocketClient connectTcp(int port) throws IOException {
		return connectTcp("127.0.0.1", port);
	}

	public static RawWebSocketClient connectTcp(String host, int port) throws IOException {
		Socket socket = new Socket();
		socket.setTcpNoDelay(true);
		socket.connect(new InetSocketAddress(host, port), 5000);
		socket.setSoTimeout(10000);
		return new RawWebSocketClient(socket);
	}

	/**
	 * Connect with a small receive buffer, set before the connection so that the window
	 * the server sees stays small, and perform a valid handshake: a peer that then never
	 * reads stalls the server's writes after a few kilobytes.
	 */
	public static RawWebSocketClient connectStalled(int port, String path) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(4096);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(10000);
		RawWebSocketClient client = new RawWebSocketClient(socket);
		if (client.handshake(path, Map.of()) != 101) {
			client.close();
			throw new IOException("Handshake failed with HTTP " + client.status);
		}
		return client;
	}

	/**
	 * Connect and perform a valid handshake; fails unless the server answers 101.
	 */
	public static RawWebSocketClient connect(int port, String path) throws IOException {
		RawWebSocketClient client = connectTcp(port);
		client.handshake(path, Map.of());
		if (client.status != 101) {
			client.close();
			throw new IOException("Handshake failed with HTTP " + client.status);
		}
		return client;
	}

	/**
	 * Send a handshake with the standard headers, overridden or removed (null value) by
	 * {@code headers}, and read the response head.
	 * @return the HTTP status
	 */
	public int handshake(String path, Map<String, String> headers) throws IOException {
		return handshake("GET", path, headers);
	}

	public int handshake(String method, String path, Map<String, String> headers) throws IOException {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("Host", "127.0.0.1:" + this.socket.getPort());
		all.put("Upgrade", "websocket");
		all.put("Connection", "Upgrade");
		byte[] key = new byte[16];
		random.nextBytes(key);
		all.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(key));
		all.put("Sec-WebSocket-Version", "13");
		headers.forEach((name, value) -> {
			all.keySet().removeIf((existing) -> existing.equalsIgnoreCase(name));
			if (value != null) {
				all.put(name, value);
			}
		});
		StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
		all.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		request.append("\r\n");
		this.out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
		this.out.flush();
		readResponseHead();
		return this.status;
	}

	private void readResponseHead() throws IOException {
		String statusLine = readLine();
		String[] parts = statusLine.split(" ", 3);
		this.status = Integer.parseInt(parts[1]);
		String line;
		while (!(line = readLine()).isEmpty()) {
			int colon = line.indexOf(':');
			this.responseHeaders.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
					line.substring(colon + 1).trim());
		}
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = this.in.read()) != -1) {
			if (b == '\n') {
				break;
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		if (b == -1 && line.size() == 0) {
			throw new EOFException("Connection closed before the HTTP response");
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	public int status() {
		return this.status;
	}

	public String responseHeader(String name) {
		return this.responseHeaders.get(name.toLowerCase(Locale.ROOT));
	}

	// --- writing

	public void sendText(String text) throws IOException {
		sendFrame(true, OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
	}

	public void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
		this.out.write(frame(fin, 0, opcode, payload, true));
		this.out.flush();
	}

	/**
	 * Encode a client frame.
	 * @param fin the FIN bit
	 * @param rsv the three reserved bits (0-7)
	 * @param opcode the opcode
	 * @param payload the payload
	 * @param masked whether to mask, as a client must
	 */
	public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
		frame.write((fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0xF));
		int maskBit = masked ? 0x80 : 0;
		if (payload.length <= 125) {
			frame.write(maskBit | payload.length);
		}
		else if (payload.length <= 0xFFFF) {
			frame.write(maskBit | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xFF);
		}
		else {
			frame.write(maskBit | 127);
			frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
		}
		if (masked) {
			byte[] mask = new byte[4];
			random.nextBytes(mask);
			frame.writeBytes(mask);
			byte[] maskedPayload = new byte[payload.length];
			for (int i = 0; i < payload.length; i++) {
				maskedPayload[i] = (byte) (payload[i] ^ mask[i % 4]);
			}
			frame.writeBytes(maskedPayload);
		}
		else {
			frame.writeBytes(payload);
		}
		return frame.toByteArray();
	}

	public void sendRaw(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	/**
	 * Write bytes in chunks of the given size, flushing each.
	 */
	public void sendInChunks(byte[] bytes, int chunkSize) throws IOException {
		for (int i = 0; i < bytes.length; i += chunkSize) {
			this.out.write(bytes, i, Math.min(chunkSize, bytes.length - i));
			this.out.flush();
		}
	}

	public void sendClose(int code, String reason) throws IOException {
		byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
		ByteBuffer payload = ByteBuffer.allocate(2 + reasonBytes.length).putShort((short) code).put(reasonBytes);
		sendFrame(true, OP_CLOSE, payload.array());
	}

	// --- reading

	/**
	 * Read the next frame from the server.
	 * @throws SocketTimeoutException if none arrives within the timeout
	 * @throws EOFException if the connection closes first
	 */
	public Frame readFrame(Duration timeout) throws IOException {
		this.socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
		int b0 = readByte();
		int b1 = readByte();
		long length = b1 & 0x7F;
		if (length == 126) {
			length = (readByte() << 8) | readByte();
		}
		else if (length == 127) {
			length = ByteBuffer.wrap(this.in.readNBytes(8)).getLong();
		}
		boolean masked = (b1 & 0x80) != 0;
		byte[] mask = masked ? this.in.readNBytes(4) : null;
		byte[] payload = this.in.readNBytes((int) length);
		if (payload.length != length) {
			throw new EOFException("Connection closed inside a frame");
		}
		if (masked) {
			for (int i = 0; i < payload.length; i++) {
				payload[i] ^= mask[i % 4];
			}
		}
		return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 0x7, b0 & 0xF, masked, payload);
	}

	/**
	 * Read frames until one that is not a ping arrives (pings are answered).
	 */
	public Frame readDataOrClose(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long remaining = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
			Frame frame = readFrame(Duration.ofMillis(remaining));
			if (frame.opcode() == OP_PING) {
				sendFrame(true, OP_PONG, frame.payload());
				continue;
			}
			return frame;
		}
	}

	/**
	 * Read one whole data message, joining continuation frames (answering pings), or
	 * return the close frame if one comes first.
	 */
	public Frame readMessage(Duration timeout) throws IOException {
		Frame first = readDataOrClose(timeout);
		if (first.fin() || first.opcode() == OP_CLOSE) {
			return first;
		}
		ByteArrayOutputStream payload = new ByteArrayOutputStream();
		payload.writeBytes(first.payload());
		Frame part;
		do {
			part = readDataOrClose(timeout);
			if (part.opcode() != OP_CONTINUATION) {
				throw new IOException("Expected a continuation frame but got opcode " + part.opcode());
			}
			payload.writeBytes(part.payload());
		}
		while (!part.fin());
		return new Frame(true, first.rsv(), first.opcode(), first.masked(), payload.toByteArray());
	}

	/**
	 * Read for a while as a live client does, answering every ping.
	 * @param duration how long to read
	 * @return the frames read, pings included, in order
	 */
	public List<Frame> answerPingsFor(Duration duration) throws IOException {
		List<Frame> frames = new ArrayList<>();
		long end = System.nanoTime() + duration.toNanos();
		long remaining;
		while ((remaining = end - System.nanoTime()) > 0) {
			try {
				Frame frame = readFrame(Duration.ofNanos(Math.max(1_000_000, Math.min(remaining, 100_000_000))));
				if (frame.opcode() == OP_PING) {
					sendFrame(true, OP_PONG, frame.payload());
				}
				frames.add(frame);
			}
			catch (SocketTimeoutException ex) {
				// Nothing to read yet.
			}
		}
		return frames;
	}

	/**
	 * Read until the server's close frame, skipping and answering pings, and return its
	 * code (or 1006 if the connection ended without one).
	 */
	public int awaitClose(Duration timeout) throws IOException {
		try {
			while (true) {
				Frame frame = readDataOrClose(timeout);
				if (frame.opcode() == OP_CLOSE) {
					return frame.closeCode();
				}
			}
		}
		catch (EOFException | SocketException ex) {
			return 1006;
		}
	}

	/**
	 * Whether the server closed the TCP connection (reads end of stream) within the
	 * timeout, ignoring any frames it sends first.
	 */
	public boolean awaitEndOfStream(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
		byte[] buffer = new byte[8192];
		try {
			while (System.nanoTime() < deadline) {
				if (this.in.read(buffer) == -1) {
					return true;
				}
			}
			return false;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException ex) {
			return true;
		}
	}

	private int readByte() throws IOException {
		int b = this.in.read();
		if (b == -1) {
			throw new EOFException("Connection closed");
		}
		return b;
	}

	public Socket socket() {
		return this.socket;
	}

	/**
	 * Close the connection with a TCP reset instead of a FIN.
	 */
	public void reset() throws IOException {
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * A frame as read from the wire.
	 */
	public record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {

		public String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

		public int closeCode() {
			return (this.payload.length >= 2) ? ((this.payload[0] & 0xFF) << 8) | (this.payload[1] & 0xFF) : 1005;
		}

		public String closeReason() {
			return (this.payload.length > 2)
					? new String(this.payload, 2, this.payload.length - 2, StandardCharsets.UTF_8) : "";
		}

	}

}
