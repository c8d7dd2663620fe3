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

package dev.lifeline.conformance;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.lifeline.server.CloseCause;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient.Frame;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.SessionEventRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.CloseStatus;

import static dev.lifeline.conformance.ConformanceCase.frames;
import static dev.lifeline.conformance.ConformanceCase.handshake;
import static dev.lifeline.test.RawWebSocketClient.OP_BINARY;
import static dev.lifeline.test.RawWebSocketClient.OP_CLOSE;
import static dev.lifeline.test.RawWebSocketClient.OP_CONTINUATION;
import static dev.lifeline.test.RawWebSocketClient.OP_PING;
import static dev.lifeline.test.RawWebSocketClient.OP_PONG;
import static dev.lifeline.test.RawWebSocketClient.OP_TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Autobahn TestSuite's case groups, replayed by a raw-socket client against the
 * Lifeline echo endpoint. Besides its own outcome every case checks that the session left
 * the registry, that the close was counted under the right cause, that a canary session
 * kept echoing and that the case logged at most one WARN line. The outcomes are written
 * to {@code docs/conformance.md}.
 */
@LifelineServerTest(properties = { "lifeline.heartbeat.enabled=false", "lifeline.max-text-message-size=65536B",
		"lifeline.max-binary-message-size=65536B" })
@Import(SessionEventRecorder.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceSuiteTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final int LIMIT = 65536;

	private static final int[] LENGTHS = { 0, 125, 126, 127, 128, 65535, 65536 };

	private static final byte[] KOSME = "κόσμε".getBytes(StandardCharsets.UTF_8);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	SessionEventRecorder events;

	@Autowired
	WebServerApplicationContext context;

	private final List<String> warnings = new CopyOnWriteArrayList<>();

	private final AppenderBase<ILoggingEvent> warningAppender = new AppenderBase<>() {

		@Override
		protected void append(ILoggingEvent event) {
			if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
				ConformanceSuiteTests.this.warnings.add(event.getFormattedMessage());
			}
		}

	};

	private ConformanceReport report;

	private JdkWebSocketClient canary;

	private String canaryId;

	private int canaryEchoes;

	@BeforeAll
	void connectCanaryAndCaptureWarnings() {
		this.warningAppender.start();
		rootLogger().addAppender(this.warningAppender);
		String webServer = this.context.getWebServer().getClass().getSimpleName();
		this.report = new ConformanceReport(webServer.replace("Servlet", "").replace("WebServer", ""));
		this.canary = JdkWebSocketClient.connect(this.port, "/ws");
		waitUntil(() -> this.sessions.count() == 1);
		this.canaryId = this.sessions.stream().findFirst().orElseThrow().getId();
	}

	@AfterAll
	void writeReport() throws IOException {
		this.canary.close();
		rootLogger().detachAppender(this.warningAppender);
		this.report.write(Path.of(System.getProperty("basedir", ".")));
	}

	private static Logger rootLogger() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	static Stream<ConformanceCase> frameCases() {
		List<ConformanceCase> cases = new ArrayList<>();
		for (int i = 0; i < LENGTHS.length; i++) {
			int length = LENGTHS[i];
			cases.add(frames("1.1." + (i + 1), "text, " + length + " bytes", "echo", echo(OP_TEXT, text(length), 0)));
			cases.add(frames("1.2." + (i + 1), "binary, " + length + " bytes", "echo",
					echo(OP_BINARY, binary(length), 0)));
			cases.add(frames("1.3." + (i + 1), "text, " + length + " bytes, in 3-byte TCP chunks", "echo",
					echo(OP_TEXT, text(length), 3)));
			cases.add(frames("1.4." + (i + 1), "binary, " + length + " bytes, in 3-byte TCP chunks", "echo",
					echo(OP_BINARY, binary(length), 3)));
		}
		cases.add(frames("2.1", "ping, empty", "pong", ping(new byte[0])));
		cases.add(frames("2.2", "ping, 125 bytes", "pong", ping(binary(125))));
		cases.add(frames("2.3", "ping, 126 bytes", "close 1002", ping(binary(126))));
		cases.add(frames("2.4", "unsolicited pong, then text", "no reply, then echo", (client) -> {
			client.sendFrame(true, OP_PONG, "unsolicited".getBytes(StandardCharsets.UTF_8));
			return "no reply, then " + exchange(client, OP_TEXT, KOSME, 0);
		}));
		cases.add(frames("2.5", "ping with FIN clear (\"FIN must be set\")", "close 1002",
				sendThenRead(frame(false, 0, OP_PING, binary(4)))));
		cases.add(frames("2.6", "ping, 125 bytes, in 1-byte TCP chunks", "pong", (client) -> {
			byte[] payload = binary(125);
			client.sendInChunks(frame(true, 0, OP_PING, payload), 1);
			return pong(client, payload);
		}));
		for (int rsv = 1; rsv <= 7; rsv++) {
			cases.add(frames("3." + rsv, "text with RSV=" + rsv, "close 1002",
					sendThenRead(frame(true, rsv, OP_TEXT, KOSME))));
		}
		cases.add(frames("3.8", "ping with RSV=1", "close 1002", sendThenRead(frame(true, 1, OP_PING, KOSME))));
		IntStream.of(3, 4, 5, 6, 7, 11, 12, 13, 14, 15)
			.forEach((opcode) -> cases.add(frames(((opcode < 8) ? "4.1." : "4.2.") + opcode,
					"reserved opcode " + opcode, "close 1002", sendThenRead(frame(true, 0, opcode, KOSME)))));
		cases
			.add(frames("5.1", "text in 3 fragments", "echo", fragments(OP_TEXT, KOSME, Arrays.copyOfRange(KOSME, 0, 3),
					Arrays.copyOfRange(KOSME, 3, 7), Arrays.copyOfRange(KOSME, 7, KOSME.length))));
		byte[] half = binary(30_000);
		cases.add(frames("5.2", "binary in 2 fragments of 30,000 bytes", "echo",
				fragments(OP_BINARY, concat(half, half), half, half)));
		cases.add(frames("5.3", "text in empty fragments around one", "echo",
				fragments(OP_TEXT, KOSME, new byte[0], KOSME, new byte[0])));
		cases.add(frames("5.4", "ping between the fragments of a text message", "pong, then echo", (client) -> {
			client.sendRaw(frame(false, 0, OP_TEXT, Arrays.copyOfRange(KOSME, 0, 5)));
			client.sendRaw(frame(true, 0, OP_PING, KOSME));
			client.sendRaw(frame(true, 0, OP_CONTINUATION, Arrays.copyOfRange(KOSME, 5, KOSME.length)));
			String pong = pong(client, KOSME);
			return pong + ", then " + describe(client, client.readMessage(TIMEOUT), OP_TEXT, KOSME);
		}));
		cases.add(frames("5.5", "continuation with nothing to continue", "close 1002",
				sendThenRead(frame(true, 0, OP_CONTINUATION, KOSME))));
		cases.add(frames("5.6", "new text frame in the middle of a fragmented message", "close 1002",
				sendThenRead(concat(frame(false, 0, OP_TEXT, KOSME), frame(true, 0, OP_TEXT, KOSME)))));
		cases.add(frames("5.7", "close with FIN clear", "close 1002",
				sendThenRead(frame(false, 0, OP_CLOSE, closePayload(1000, new byte[0])))));
		byte[] emoji = "a😀b".getBytes(StandardCharsets.UTF_8);
		cases.add(frames("6.1", "valid UTF-8 text", "echo", echo(OP_TEXT, KOSME, 0)));
		cases.add(frames("6.2", "valid UTF-8 text fragmented inside a code point", "echo", fragments(OP_TEXT, emoji,
				Arrays.copyOfRange(emoji, 0, 3), Arrays.copyOfRange(emoji, 3, emoji.length))));
		cases.add(frames("6.3", "valid UTF-8 text in 1-byte TCP chunks", "echo", echo(OP_TEXT, emoji, 1)));
		int invalidUtf8 = 4;
		for (Map.Entry<String, byte[]> invalid : invalidUtf8().entrySet()) {
			cases.add(frames("6." + invalidUtf8++, "invalid UTF-8: " + invalid.getKey(), "close 1007",
					sendThenRead(frame(true, 0, OP_TEXT, invalid.getValue()))));
		}
		cases.add(frames("6.9", "invalid UTF-8 in the second fragment", "close 1007", sendThenRead(
				concat(frame(false, 0, OP_TEXT, KOSME), frame(true, 0, OP_CONTINUATION, bytes(0xED, 0xA0, 0x80))))));
		cases.add(frames("7.1", "close without payload", Set.of("close 1000", "close 1005"), CloseCause.NORMAL,
				sendThenRead(frame(true, 0, OP_CLOSE, new byte[0]))));
		int[] valid = { 1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999 };
		for (int i = 0; i < valid.length; i++) {
			int code = valid[i];
			cases.add(frames("7.2." + (i + 1), "close " + code, Set.copyOf(List.of("close " + code, "close 1000")),
					CloseCause.ofPeer(new CloseStatus(code)),
					sendThenRead(frame(true, 0, OP_CLOSE, closePayload(code, new byte[0])))));
		}
		cases.add(frames("7.3", "close with a 1-byte payload", "close 1002",
				sendThenRead(frame(true, 0, OP_CLOSE, bytes(0x03)))));
		int[] invalidCodes = { 0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999 };
		for (int i = 0; i < invalidCodes.length; i++) {
			cases.add(frames("7.4." + (i + 1), "close with invalid code " + invalidCodes[i], "close 1002",
					sendThenRead(frame(true, 0, OP_CLOSE, closePayload(invalidCodes[i], new byte[0])))));
		}
		cases.add(frames("7.5", "close with invalid UTF-8 in the reason", Set.of("close 1002", "close 1007"), null,
				sendThenRead(frame(true, 0, OP_CLOSE, closePayload(1000, bytes(0xCE, 0xBA, 0xED, 0xA0, 0x80))))));
		cases.add(frames("7.6", "text after close is ignored", "close 1000", sendThenRead(
				concat(frame(true, 0, OP_CLOSE, closePayload(1000, new byte[0])), frame(true, 0, OP_TEXT, KOSME)))));
		cases.add(frames("7.7", "close with a 123-byte reason", "close 1000",
				sendThenRead(frame(true, 0, OP_CLOSE, closePayload(1000, text(123))))));
		cases.add(frames("9.1", "text one byte over the limit", "close 1009",
				sendThenRead(frame(true, 0, OP_TEXT, text(LIMIT + 1)))));
		cases.add(frames("9.2", "binary one byte over the limit", "close 1009",
				sendThenRead(frame(true, 0, OP_BINARY, binary(LIMIT + 1)))));
		cases.add(frames("9.3", "text fragmented to one byte over the limit", "close 1009",
				sendThenRead(concat(frame(false, 0, OP_TEXT, text(LIMIT / 2)),
						frame(true, 0, OP_CONTINUATION, text(LIMIT / 2 + 1))))));
		cases.add(frames("9.4", "unmasked client frame", "close 1002",
				sendThenRead(RawWebSocketClient.frame(true, 0, OP_TEXT, KOSME, false))));
		return cases.stream();
	}

	static Stream<ConformanceCase> handshakeCases() {
		return Stream.of(
				handshake("10.1", "missing Sec-WebSocket-Key", Set.of("HTTP 400"), RejectionReason.INVALID_HANDSHAKE,
						upgrade("GET", Map.of("Sec-WebSocket-Key", ""))),
				handshake("10.2", "Sec-WebSocket-Key not base64", Set.of("HTTP 400"), RejectionReason.INVALID_HANDSHAKE,
						upgrade("GET", Map.of("Sec-WebSocket-Key", "not a key!"))),
				handshake("10.3", "Sec-WebSocket-Key of 8 bytes", Set.of("HTTP 400"), RejectionReason.INVALID_HANDSHAKE,
						upgrade("GET", Map.of("Sec-WebSocket-Key", "AAAAAAAAAAA="))),
				handshake("10.4", "Sec-WebSocket-Version 8", Set.of("HTTP 426, Sec-WebSocket-Version: 13"),
						RejectionReason.INVALID_HANDSHAKE, upgrade("GET", Map.of("Sec-WebSocket-Version", "8"))),
				handshake("10.5", "POST instead of GET", Set.of("HTTP 405"), RejectionReason.INVALID_HANDSHAKE,
						upgrade("POST", Map.of())),
				handshake("10.6", "cross-site Origin", Set.of("HTTP 403"), RejectionReason.ORIGIN,
						upgrade("GET", Map.of("Origin", "https://evil.example"))),
				handshake("10.7", "16 KB of request headers", Set.of("HTTP 400", "HTTP 431"), null,
						upgrade("GET", Map.of("X-Padding", "x".repeat(16 * 1024)))),
				handshake("10.8", "garbage instead of a handshake", Set.of("connection closed"), null, (client) -> {
					client.sendRaw(concat(binary(64), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
					return client.awaitEndOfStream(TIMEOUT) ? "connection closed" : "connection left open";
				}));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("frameCases")
	void frameCase(ConformanceCase conformanceCase) throws Exception {
		long closedBefore = this.sessions.getStatistics().getClosedTotal();
		int warningsBefore = this.warnings.size();
		String observed;
		String id;
		try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
			id = awaitNewSession();
			observed = conformanceCase.exchange().run(client);
			if (!observed.contains("close ")) {
				client.sendClose(1000, "");
				client.awaitClose(TIMEOUT);
			}
			assertThat(client.awaitEndOfStream(TIMEOUT)).as("server released the connection").isTrue();
		}
		this.report.record(conformanceCase.toString(), conformanceCase.expectedText(), observed);
		assertThat(conformanceCase.expected()).contains(observed);
		CloseCause cause = (conformanceCase.cause() != null) ? conformanceCase.cause() : causeOf(observed);
		waitUntil(() -> this.events.closedEvent(id) != null);
		assertThat(this.events.closedEvent(id).getCause()).isEqualTo(cause);
		assertThat(this.sessions.find(id)).isEmpty();
		assertThat(this.sessions.getStatistics().getClosedTotal()).isEqualTo(closedBefore + 1);
		assertCanaryEchoesAndWarningsAtMostOne(warningsBefore);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("handshakeCases")
	void handshakeCase(ConformanceCase conformanceCase) throws Exception {
		long openedBefore = this.sessions.getStatistics().getOpenedTotal();
		Map<RejectionReason, Long> rejectedBefore = this.sessions.getStatistics().getRejectedByReason();
		int warningsBefore = this.warnings.size();
		String observed;
		try (RawWebSocketClient client = RawWebSocketClient.connectTcp(this.port)) {
			observed = conformanceCase.exchange().run(client);
		}
		this.report.record(conformanceCase.toString(), conformanceCase.expectedText(), observed);
		assertThat(conformanceCase.expected()).contains(observed);
		assertThat(this.sessions.getStatistics().getOpenedTotal()).isEqualTo(openedBefore);
		assertThat(this.sessions.count()).isOne();
		RejectionReason rejection = conformanceCase.rejection();
		for (RejectionReason reason : RejectionReason.values()) {
			long delta = this.sessions.getStatistics().getRejected(reason) - rejectedBefore.getOrDefault(reason, 0L);
			assertThat(delta).as("rejections counted as %s", reason).isEqualTo((reason == rejection) ? 1 : 0);
		}
		assertCanaryEchoesAndWarningsAtMostOne(warningsBefore);
	}

	private void assertCanaryEchoesAndWarningsAtMostOne(int warningsBefore) throws InterruptedException {
		String text = "canary " + (++this.canaryEchoes);
		this.canary.send(text);
		assertThat(this.canary.nextText(TIMEOUT)).isEqualTo(text);
		assertThat(this.canary.isClosed()).isFalse();
		assertThat(this.warnings.subList(warningsBefore, this.warnings.size())).hasSizeLessThanOrEqualTo(1);
	}

	private String awaitNewSession() {
		waitUntil(() -> this.sessions.count() == 2);
		return this.sessions.stream()
			.map(LifelineSession::getId)
			.filter((id) -> !id.equals(this.canaryId))
			.findFirst()
			.orElseThrow();
	}

	private static void waitUntil(Callable<Boolean> condition) {
		await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).until(condition);
	}

	private static CloseCause causeOf(String observed) {
		int at = observed.lastIndexOf("close ");
		return (at < 0) ? CloseCause.NORMAL
				: CloseCause.of(new CloseStatus(Integer.parseInt(observed.substring(at + 6))));
	}

	// --- exchanges

	private static ConformanceCase.Exchange echo(int opcode, byte[] payload, int chunkSize) {
		return (client) -> exchange(client, opcode, payload, chunkSize);
	}

	private static String exchange(RawWebSocketClient client, int opcode, byte[] payload, int chunkSize)
			throws IOException {
		byte[] frame = frame(true, 0, opcode, payload);
		if (chunkSize > 0) {
			client.sendInChunks(frame, chunkSize);
		}
		else {
			client.sendRaw(frame);
		}
		return describe(client, client.readMessage(TIMEOUT), opcode, payload);
	}

	private static Fragments fragments(int opcode, byte[] whole, byte[]... parts) {
		return new Fragments(opcode, whole, parts);
	}

	private static ConformanceCase.Exchange ping(byte[] payload) {
		return (client) -> {
			client.sendFrame(true, OP_PING, payload);
			return pong(client, payload);
		};
	}

	private static String pong(RawWebSocketClient client, byte[] payload) throws IOException {
		Frame frame = client.readFrame(TIMEOUT);
		if (frame.opcode() == OP_CLOSE) {
			return answerClose(client, frame);
		}
		return (frame.opcode() == OP_PONG && Arrays.equals(frame.payload(), payload)) ? "pong"
				: "opcode " + frame.opcode() + " with " + frame.payload().length + " bytes";
	}

	private static ConformanceCase.Exchange sendThenRead(byte[] bytes) {
		return (client) -> {
			client.sendRaw(bytes);
			try {
				Frame frame = client.readDataOrClose(TIMEOUT);
				return (frame.opcode() == OP_CLOSE) ? answerClose(client, frame)
						: "data frame, opcode " + frame.opcode();
			}
			catch (SocketTimeoutException ex) {
				return "no reply";
			}
			catch (EOFException | SocketException ex) {
				return "connection dropped";
			}
		};
	}

	private static String describe(RawWebSocketClient client, Frame frame, int opcode, byte[] payload) {
		if (frame.opcode() == OP_CLOSE) {
			return answerClose(client, frame);
		}
		if (frame.opcode() == opcode && Arrays.equals(frame.payload(), payload)) {
			return "echo";
		}
		return "opcode " + frame.opcode() + " with " + frame.payload().length + " bytes";
	}

	private static String answerClose(RawWebSocketClient client, Frame close) {
		try {
			client
				.sendRaw(frame(true, 0, OP_CLOSE, Arrays.copyOf(close.payload(), Math.min(2, close.payload().length))));
		}
		catch (IOException ex) {
			// The server may already have dropped the connection after its close frame.
		}
		return "close " + close.closeCode();
	}

	private static ConformanceCase.Exchange upgrade(String method, Map<String, String> headers) {
		return (client) -> {
			Map<String, String> sent = new HashMap<>(headers);
			sent.replaceAll((name, value) -> value.isEmpty() ? null : value);
			int status;
			try {
				status = client.handshake(method, "/ws", sent);
			}
			catch (IOException ex) {
				return "connection dropped";
			}
			String version = client.responseHeader("Sec-WebSocket-Version");
			return "HTTP " + status + ((status == 426) ? ", Sec-WebSocket-Version: " + version : "");
		};
	}

	// --- payloads

	private static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
		return RawWebSocketClient.frame(fin, rsv, opcode, payload, true);
	}

	private static byte[] text(int length) {
		byte[] text = new byte[length];
		for (int i = 0; i < length; i++) {
			text[i] = (byte) ('a' + (i % 26));
		}
		return text;
	}

	private static byte[] binary(int length) {
		byte[] bytes = new byte[length];
		new Random(length).nextBytes(bytes);
		return bytes;
	}

	private static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	private static byte[] closePayload(int code, byte[] reason) {
		return ByteBuffer.allocate(2 + reason.length).putShort((short) code).put(reason).array();
	}

	private static Map<String, byte[]> invalidUtf8() {
		Map<String, byte[]> cases = new LinkedHashMap<>();
		cases.put("overlong encoding of '/'", bytes(0xC0, 0xAF));
		cases.put("UTF-16 surrogate U+D800", concat(KOSME, bytes(0xED, 0xA0, 0x80)));
		cases.put("code point above U+10FFFF", bytes(0xF4, 0x90, 0x80, 0x80));
		cases.put("lone continuation byte", bytes(0x61, 0x80, 0x62));
		cases.put("sequence truncated at the end", concat(KOSME, bytes(0xCE)));
		return cases;
	}

	/**
	 * Sends a message as fragments and expects the whole message echoed.
	 */
	private record Fragments(int opcode, byte[] whole, byte[][] parts) implements ConformanceCase.Exchange {

		@Override
		public String run(RawWebSocketClient client) throws IOException {
			for (int i = 0; i < this.parts.length; i++) {
				client.sendRaw(
						frame(i == this.parts.length - 1, 0, (i == 0) ? this.opcode : OP_CONTINUATION, this.parts[i]));
			}
			return describe(client, client.readMessage(TIMEOUT), this.opcode, this.whole);
		}

	}

}
