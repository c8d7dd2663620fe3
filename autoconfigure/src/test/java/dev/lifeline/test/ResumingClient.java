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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of the {@code lifeline.resume.v1} protocol written from {@code docs/resume.md}
 * alone, over the raw-socket client so that a test can reset its TCP connection. It
 * numbers what it sends, retains it until acknowledged and resends it after a resume; it
 * counts what it receives, acknowledges by messages and by time, and resumes with its
 * token and that count. Received application messages are kept in order: text as
 * {@code String}, binary as {@code byte[]}.
 */
public final class ResumingClient implements AutoCloseable {

	private static final Pattern MEMBER = Pattern
		.compile("\"([A-Za-z]+)\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|-?[0-9]+|null|true|false)");

	private volatile int port;

	private final String path;

	private volatile String query;

	private final String applicationProtocol;

	private final Object lock = new Object();

	private final List<Object> received = new CopyOnWriteArrayList<>();

	private final BlockingQueue<Map<String, String>> controls = new LinkedBlockingQueue<>();

	private final ArrayDeque<Object> retained = new ArrayDeque<>();

	private volatile RawWebSocketClient connection;

	private volatile boolean withholdAcks;

	private volatile Map<String, String> headers = Map.of();

	/**
	 * Whether the current connection was answered with {@code welcome} or
	 * {@code resumed}: before, application messages are only retained.
	 */
	private boolean established;

	private String sessionId;

	private String token;

	private Map<String, String> answer = Map.of();

	private long sent;

	private long acknowledgedByServer;

	private long unacked;

	private volatile int closeCode;

	private final List<String> refusals = new CopyOnWriteArrayList<>();

	private ResumingClient(int port, String path, String query, String applicationProtocol) {
		this.port = port;
		this.path = path;
		this.query = query;
		this.applicationProtocol = applicationProtocol;
	}

	/**
	 * Open a fresh session.
	 * @param port the server's port
	 * @param path the endpoint's path
	 * @param query extra query parameters ({@code a=b&c=d}), or empty
	 * @param applicationProtocol an application sub-protocol to offer beside resume, or
	 * {@code null}
	 * @return the client, its session open
	 */
	public static ResumingClient open(int port, String path, String query, String applicationProtocol)
			throws IOException, InterruptedException {
		ResumingClient client = new ResumingClient(port, path, query, applicationProtocol);
		client.connect(false);
		return client;
	}

	public static ResumingClient open(int port, String path) throws IOException, InterruptedException {
		return open(port, path, "", null);
	}

	/**
	 * Open a fresh session with handshake headers of the test's own.
	 */
	public static ResumingClient open(int port, String path, Map<String, String> headers)
			throws IOException, InterruptedException {
		ResumingClient client = new ResumingClient(port, path, "", null);
		client.headers(headers);
		client.connect(false);
		return client;
	}

	/**
	 * Resume on a new connection. Returns the first control message the server answered
	 * with: {@code resumed}, or {@code refused} (a fresh {@code welcome} follows and is
	 * taken).
	 */
	public Map<String, String> resume() throws IOException, InterruptedException {
		return connect(true);
	}

	private Map<String, String> connect(boolean resume) throws IOException, InterruptedException {
		StringBuilder target = new StringBuilder(this.path);
		List<String> parameters = new ArrayList<>();
		if (!this.query.isEmpty()) {
			parameters.add(this.query);
		}
		if (resume) {
			parameters.add("lifeline-session=" + this.sessionId);
		}
		if (!parameters.isEmpty()) {
			target.append('?').append(String.join("&", parameters));
		}
		RawWebSocketClient raw = RawWebSocketClient.connectTcp(this.port);
		String offered = "lifeline.resume.v1"
				+ ((this.applicationProtocol != null) ? ", " + this.applicationProtocol : "");
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put("Sec-WebSocket-Protocol", offered);
		if (raw.handshake(target.toString(), headers) != 101) {
			raw.close();
			throw new IOException("Handshake failed with HTTP " + raw.status());
		}
		if (!"lifeline.resume.v1".equals(raw.responseHeader("Sec-WebSocket-Protocol"))) {
			raw.close();
			throw new IOException("Resume not selected: " + raw.responseHeader("Sec-WebSocket-Protocol"));
		}
		this.controls.clear();
		synchronized (this.lock) {
			this.established = false;
			this.connection = raw;
			if (resume) {
				raw.sendText("c{\"type\":\"resume\",\"session\":\"" + this.sessionId + "\",\"token\":\"" + this.token
						+ "\",\"received\":" + this.received.size() + "}");
			}
			else {
				raw.sendText("c{\"type\":\"hello\"}");
			}
		}
		Thread reader = new Thread(() -> read(raw), "resuming-client-reader");
		reader.setDaemon(true);
		reader.start();
		Map<String, String> first = awaitControl(Duration.ofSeconds(10));
		Map<String, String> answer = first;
		if ("refused".equals(first.get("type"))) {
			this.refusals.add(first.get("reason"));
			answer = awaitControl(Duration.ofSeconds(10));
		}
		synchronized (this.lock) {
			this.answer = answer;
			this.sessionId = answer.get("session");
			this.token = answer.get("token");
			this.unacked = 0;
			if ("resumed".equals(answer.get("type"))) {
				long serverReceived = Long.parseLong(answer.get("received"));
				acknowledged(serverReceived);
				long number = this.acknowledgedByServer;
				for (Object message : this.retained) {
					number++;
					if (number > serverReceived) {
						write(raw, message);
					}
				}
			}
			else if ("welcome".equals(answer.get("type"))) {
				// A fresh session: whatever was retained belongs to the one that was
				// lost.
				this.retained.clear();
				this.received.clear();
				this.sent = 0;
				this.acknowledgedByServer = 0;
			}
			this.established = true;
		}
		return first;
	}

	private Map<String, String> awaitControl(Duration timeout) throws InterruptedException, IOException {
		Map<String, String> control = this.controls.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (control == null) {
			throw new IOException("No control message within " + timeout + " (close " + this.closeCode + ")");
		}
		return control;
	}

	private void read(RawWebSocketClient raw) {
		try {
			while (true) {
				RawWebSocketClient.Frame frame = raw.readMessage(Duration.ofSeconds(60));
				if (frame.opcode() == RawWebSocketClient.OP_CLOSE) {
					this.closeCode = frame.closeCode();
					return;
				}
				if (frame.opcode() == RawWebSocketClient.OP_BINARY) {
					this.received.add(frame.payload());
					processed(raw);
					continue;
				}
				String text = frame.text();
				if (text.startsWith("m")) {
					this.received.add(text.substring(1));
					processed(raw);
				}
				else if (text.startsWith("c")) {
					Map<String, String> control = parse(text.substring(1));
					if ("ack".equals(control.get("type"))) {
						synchronized (this.lock) {
							acknowledged(Long.parseLong(control.get("n")));
						}
					}
					else {
						this.controls.add(control);
					}
				}
				else {
					throw new IOException("Unknown tag: " + text);
				}
			}
		}
		catch (IOException ex) {
			// The connection dropped: the test resumes when it wants to.
		}
	}

	private void processed(RawWebSocketClient raw) throws IOException {
		synchronized (this.lock) {
			this.unacked++;
			int every = Integer.parseInt(this.answer.getOrDefault("ackMessages", "32"));
			if (!this.withholdAcks && this.unacked >= every && raw == this.connection) {
				acknowledge(raw);
			}
		}
	}

	/**
	 * Acknowledge everything received so far, as the ack timer would.
	 */
	public void acknowledge() throws IOException {
		synchronized (this.lock) {
			if (this.unacked > 0) {
				acknowledge(this.connection);
			}
		}
	}

	private void acknowledge(RawWebSocketClient raw) throws IOException {
		this.unacked = 0;
		raw.sendText("c{\"type\":\"ack\",\"n\":" + this.received.size() + "}");
	}

	private void acknowledged(long n) {
		while (this.acknowledgedByServer < n && !this.retained.isEmpty()) {
			this.retained.poll();
			this.acknowledgedByServer++;
		}
	}

	/**
	 * Send an application text, retained until the server acknowledged it; while
	 * disconnected it only waits for the resume.
	 */
	public void send(String text) {
		send((Object) text);
	}

	public void send(byte[] bytes) {
		send((Object) bytes);
	}

	private void send(Object message) {
		synchronized (this.lock) {
			this.sent++;
			this.retained.add(message);
			if (!this.established) {
				return;
			}
			try {
				write(this.connection, message);
			}
			catch (IOException ex) {
				// Dropped: resent after the resume.
			}
		}
	}

	private static void write(RawWebSocketClient raw, Object message) throws IOException {
		if (message instanceof String text) {
			raw.sendText("m" + text);
		}
		else {
			raw.sendFrame(true, RawWebSocketClient.OP_BINARY, (byte[]) message);
		}
	}

	/**
	 * Send a control message of the test's own.
	 */
	public void sendRaw(String text) throws IOException {
		synchronized (this.lock) {
			this.connection.sendText(text);
		}
	}

	/**
	 * Reset the TCP connection, without a close frame.
	 */
	public void reset() throws IOException {
		synchronized (this.lock) {
			this.connection.reset();
		}
	}

	/**
	 * Close the session with a close frame.
	 */
	public void closeSession(int code) throws IOException {
		synchronized (this.lock) {
			this.connection.sendClose(code, "");
		}
	}

	/**
	 * Send these handshake headers from the next connection on, as a client whose
	 * credentials changed would.
	 */
	public void headers(Map<String, String> headers) {
		this.headers = Map.copyOf(headers);
	}

	/**
	 * Connect to another port from the next connection on, as a client a load balancer
	 * sends elsewhere would.
	 */
	public void port(int port) {
		this.port = port;
	}

	/**
	 * Use other query parameters from the next connection on, as a client whose
	 * credentials changed would.
	 */
	public void query(String query) {
		this.query = query;
	}

	public void withholdAcks(boolean withhold) {
		this.withholdAcks = withhold;
	}

	/**
	 * Return how many sent messages the server has not acknowledged yet.
	 */
	public int unacknowledged() {
		synchronized (this.lock) {
			return this.retained.size();
		}
	}

	public List<Object> received() {
		return this.received;
	}

	public List<String> receivedTexts() {
		List<String> texts = new ArrayList<>();
		for (Object message : this.received) {
			texts.add((message instanceof String text) ? text : new String((byte[]) message, StandardCharsets.UTF_8));
		}
		return texts;
	}

	public String sessionId() {
		return this.sessionId;
	}

	public String token() {
		return this.token;
	}

	public Map<String, String> established() {
		return this.answer;
	}

	public List<String> refusals() {
		return this.refusals;
	}

	public int closeCode() {
		return this.closeCode;
	}

	public RawWebSocketClient connection() {
		return this.connection;
	}

	public Map<String, String> awaitNextControl(Duration timeout) throws IOException, InterruptedException {
		return awaitControl(timeout);
	}

	/**
	 * Parse the flat JSON object of a control message: members as strings, {@code null}
	 * as {@code null}.
	 */
	public static Map<String, String> parse(String json) {
		Map<String, String> members = new LinkedHashMap<>();
		Matcher matcher = MEMBER.matcher(json);
		while (matcher.find()) {
			String value = (matcher.group(3) != null) ? matcher.group(3) : matcher.group(2);
			members.put(matcher.group(1), "null".equals(value) ? null : value);
		}
		return members;
	}

	@Override
	public void close() throws IOException {
		RawWebSocketClient raw = this.connection;
		if (raw != null) {
			raw.close();
		}
	}

}
