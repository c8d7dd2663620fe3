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

import dev.lifeline.server.engine.InboundBudget;
import dev.lifeline.server.handshake.SessionSlots;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many clients send random, mutated and hostile frames for a bounded time while a canary
 * session chats: the server stays up, the canary gets every answer, every hostile client
 * is closed with a code that fits what it did, the registry ends at exactly the canary,
 * and the heap returns to its baseline. The duration is {@code -Dlifeline.fuzz.duration}
 * (default 10s).
 * <p>
 * Every random choice (which attack, which bytes, which bits to flip) comes from one
 * seed: {@code -Dlifeline.fuzz.seed} when given, otherwise a random one. Each client
 * draws from its own generator split from that seed, so a rerun with the same seed sends
 * each client the same sequence of attacks; how many of them fit in the duration and how
 * they interleave still depend on the machine. The seed is printed with the report and
 * again when the test fails; to rerun with it: <pre class="code">
 * ./mvnw -B -o -pl autoconfigure test -Dtest=FuzzTests -Dlifeline.fuzz.seed=&lt;seed&gt;
 * </pre>
 */
@LifelineServerTest(properties = { "lifeline.max-text-message-size=16KB", "lifeline.max-binary-message-size=16KB",
		"lifeline.rate-limit.messages-per-second=200", "lifeline.rate-limit.burst=200",
		"lifeline.heartbeat.enabled=false",
		"logging.level.dev.lifeline.server.engine.ConnectionCleanupListener=error" })
class FuzzTests {

	private static final Duration DURATION = DurationStyle
		.detectAndParse(System.getProperty("lifeline.fuzz.duration", "10s"));

	private static final long SEED = seed();

	private static final int CLIENTS = 12;

	private static final byte[] ONE_BYTE = { 'x' };

	private static final Set<String> PROTOCOL = Set.of("close 1002");

	private static final Set<String> ANY_REFUSAL = Set.of("close 1002", "close 1003", "close 1007", "close 1008",
			"close 1009", "connection ended", "no answer", "echo");

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	SessionSlots slots;

	@Autowired
	InboundBudget budget;

	@RegisterExtension
	static final TestWatcher seedReporter = new TestWatcher() {

		@Override
		public void testFailed(ExtensionContext context, @Nullable Throwable cause) {
			System.err.println(context.getDisplayName() + " failed with fuzz seed " + SEED
					+ "; rerun with -Dlifeline.fuzz.seed=" + SEED);
		}

	};

	private final Map<String, Map<String, LongAdder>> outcomes = new ConcurrentHashMap<>();

	@Test
	void serverSurvivesHostileClientsAndTheCanaryIsServed() throws Exception {
		long baseline = usedHeapAfterGc();
		long rateLimitedBefore = this.sessions.getStatistics().getClosed(CloseCause.RATE_LIMITED);
		long canaryMessages = 0;
		ExecutorService executor = Executors.newFixedThreadPool(CLIENTS);
		try (JdkWebSocketClient canary = JdkWebSocketClient.connect(this.port, "/ws")) {
			long deadline = System.nanoTime() + DURATION.toNanos();
			List<Future<?>> fuzzers = new ArrayList<>();
			SplittableRandom seeded = new SplittableRandom(SEED);
			for (int i = 0; i < CLIENTS; i++) {
				RandomGenerator random = seeded.split();
				fuzzers.add(executor.submit(() -> {
					while (System.nanoTime() < deadline) {
						Attack attack = Attack.values()[random.nextInt(Attack.values().length)];
						record(attack, attack(attack, random));
					}
					return null;
				}));
			}
			while (System.nanoTime() < deadline) {
				String text = "canary " + canaryMessages++;
				canary.send(text);
				assertThat(canary.nextText(Duration.ofSeconds(5))).isEqualTo(text);
				Thread.sleep(20);
			}
			for (Future<?> fuzzer : fuzzers) {
				fuzzer.get();
			}
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				assertThat(this.sessions.count()).isOne();
				assertThat(this.slots.getReserved()).isOne();
			});
			assertThat(this.budget.getHeld()).isZero();
			String text = "canary after";
			canary.send(text);
			assertThat(canary.nextText(Duration.ofSeconds(5))).isEqualTo(text);
		}
		finally {
			executor.shutdownNow();
		}
		long after = usedHeapAfterGc();
		print(canaryMessages, baseline, after);
		for (Attack attack : Attack.values()) {
			assertThat(this.outcomes.getOrDefault(attack.name(), Map.of()).keySet()).as(attack.name())
				.isSubsetOf(attack.expected);
		}
		long floods = this.outcomes.getOrDefault(Attack.FLOOD.name(), Map.of())
			.values()
			.stream()
			.mapToLong(LongAdder::sum)
			.sum();
		assertThat(this.sessions.getStatistics().getClosed(CloseCause.RATE_LIMITED) - rateLimitedBefore)
			.isEqualTo(floods);
		assertThat(after - baseline).as("heap growth in bytes").isLessThan(32L * 1024 * 1024);
	}

	private String attack(Attack attack, RandomGenerator random) {
		try (RawWebSocketClient client = RawWebSocketClient.connectTcp(this.port)) {
			if (attack == Attack.GARBAGE_HANDSHAKE) {
				client.sendRaw(randomBytes(random, 64, 512));
				return awaitHttpAnswer(client);
			}
			if (client.handshake("/ws", Map.of()) != 101) {
				return "HTTP " + client.status();
			}
			switch (attack) {
				case BAD_OPCODE -> client.sendRaw(frame(true, 0, 3 + random.nextInt(5), randomBytes(random, 0, 20)));
				case RESERVED_BITS -> client.sendRaw(frame(true, 1 + random.nextInt(7), 1, ONE_BYTE));
				case UNMASKED -> client.sendRaw(RawWebSocketClient.frame(true, 0, 1, ONE_BYTE, false));
				case FRAGMENTED_PING -> client.sendRaw(frame(false, 0, RawWebSocketClient.OP_PING, new byte[0]));
				case LONG_PING -> client.sendRaw(frame(true, 0, RawWebSocketClient.OP_PING, new byte[126]));
				case ORPHAN_CONTINUATION -> client.sendRaw(frame(true, 0, 0, ONE_BYTE));
				case INTERLEAVED_MESSAGE -> {
					client.sendRaw(frame(false, 0, 1, ONE_BYTE));
					client.sendRaw(frame(true, 0, 2, ONE_BYTE));
				}
				case INVALID_UTF8 -> client.sendRaw(frame(true, 0, 1, new byte[] { 'a', (byte) 0xC3, (byte) 0x28 }));
				case OVERSIZED -> client.sendRaw(frame(true, 0, 1 + random.nextInt(2), new byte[16 * 1024 + 1]));
				case OVERSIZED_IN_FRAGMENTS -> {
					client.sendRaw(frame(false, 0, 2, new byte[10 * 1024]));
					client.sendRaw(frame(true, 0, 0, new byte[10 * 1024]));
				}
				case BAD_CLOSE_CODE -> client.sendRaw(frame(true, 0, RawWebSocketClient.OP_CLOSE,
						ByteBuffer.allocate(2).putShort((short) (random.nextBoolean() ? 999 : 1005)).array()));
				case ONE_BYTE_CLOSE -> client.sendRaw(frame(true, 0, RawWebSocketClient.OP_CLOSE, new byte[] { 3 }));
				case FLOOD -> {
					ByteBuffer frames = ByteBuffer.allocate(2000 * 8);
					for (int i = 0; i < 2000; i++) {
						frames.put(frame(true, 0, 1, new byte[] { 'f', 'l' }));
					}
					client.sendRaw(frames.array());
				}
				case TRUNCATED -> {
					byte[] whole = frame(true, 0, 1, new byte[1000]);
					client.sendRaw(Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1)));
					return "truncated";
				}
				case RESET -> {
					client.sendRaw(frame(false, 0, 2, new byte[2000]));
					client.reset();
					return "reset";
				}
				case RANDOM_BYTES -> client.sendRaw(randomBytes(random, 1, 256));
				case MUTATED ->
					client.sendRaw(mutate(random, frame(true, 0, 1, "mutated frame".getBytes(StandardCharsets.UTF_8))));
				default -> throw new IllegalStateException();
			}
			return awaitOutcome(client);
		}
		catch (SocketException | EOFException ex) {
			return "connection ended";
		}
		catch (IOException ex) {
			return ex.getClass().getSimpleName();
		}
	}

	private static String awaitOutcome(RawWebSocketClient client) throws IOException {
		boolean echoed = false;
		try {
			while (true) {
				RawWebSocketClient.Frame frame = client.readFrame(Duration.ofSeconds(2));
				if (frame.opcode() == RawWebSocketClient.OP_CLOSE) {
					return "close " + frame.closeCode();
				}
				echoed |= frame.opcode() == RawWebSocketClient.OP_TEXT
						|| frame.opcode() == RawWebSocketClient.OP_BINARY;
			}
		}
		catch (SocketTimeoutException ex) {
			return echoed ? "echo" : "no answer";
		}
		catch (EOFException | SocketException | NumberFormatException ex) {
			return "connection ended";
		}
	}

	private static String awaitHttpAnswer(RawWebSocketClient client) throws IOException {
		client.socket().setSoTimeout(2000);
		byte[] head = client.socket().getInputStream().readNBytes(12);
		if (head.length < 12) {
			return "connection ended";
		}
		String statusLine = new String(head, StandardCharsets.ISO_8859_1);
		if (!statusLine.startsWith("HTTP/1.")) {
			// Tomcat answers what parses as an HTTP/0.9 request with an error page alone
			return "answer without a status line";
		}
		return (statusLine.charAt(9) == '4') ? "HTTP 4xx" : "HTTP " + statusLine.substring(9, 12);
	}

	private static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
		return RawWebSocketClient.frame(fin, rsv, opcode, payload, true);
	}

	private static byte[] randomBytes(RandomGenerator random, int min, int max) {
		byte[] bytes = new byte[random.nextInt(min, max + 1)];
		random.nextBytes(bytes);
		return bytes;
	}

	private static byte[] mutate(RandomGenerator random, byte[] frame) {
		for (int i = 0, flips = 1 + random.nextInt(3); i < flips; i++) {
			int index = random.nextInt(Math.min(frame.length, 6));
			frame[index] ^= (byte) (1 << random.nextInt(8));
		}
		return frame;
	}

	private void record(Attack attack, String outcome) {
		this.outcomes.computeIfAbsent(attack.name(), (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(outcome, (key) -> new LongAdder())
			.increment();
	}

	private void print(long canaryMessages, long baseline, long after) {
		StringBuilder report = new StringBuilder(
				"Fuzz run of " + DURATION + " with " + CLIENTS + " clients, seed " + SEED + "\n");
		long total = 0;
		for (Map.Entry<String, Map<String, LongAdder>> attack : new TreeMap<>(this.outcomes).entrySet()) {
			Map<String, Long> counts = new TreeMap<>();
			attack.getValue().forEach((outcome, count) -> counts.put(outcome, count.sum()));
			total += counts.values().stream().mapToLong(Long::longValue).sum();
			report.append("  ").append(attack.getKey()).append(": ").append(counts).append('\n');
		}
		report.append("  connections: ")
			.append(total)
			.append(", canary messages echoed: ")
			.append(canaryMessages)
			.append(", heap used after GC: ")
			.append(baseline / 1024)
			.append(" KB before, ")
			.append(after / 1024)
			.append(" KB after\n");
		System.out.print(report);
	}

	private static long seed() {
		String seed = System.getProperty("lifeline.fuzz.seed");
		return (seed != null && !seed.isBlank()) ? Long.decode(seed.trim()) : new SplittableRandom().nextLong();
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	enum Attack {

		GARBAGE_HANDSHAKE(
				Set.of("HTTP 4xx", "answer without a status line", "connection ended", "SocketTimeoutException")),

		BAD_OPCODE(PROTOCOL),

		RESERVED_BITS(PROTOCOL),

		UNMASKED(PROTOCOL),

		FRAGMENTED_PING(PROTOCOL),

		LONG_PING(PROTOCOL),

		ORPHAN_CONTINUATION(PROTOCOL),

		INTERLEAVED_MESSAGE(PROTOCOL),

		INVALID_UTF8(Set.of("close 1007")),

		OVERSIZED(Set.of("close 1009")),

		OVERSIZED_IN_FRAGMENTS(Set.of("close 1009")),

		BAD_CLOSE_CODE(PROTOCOL),

		ONE_BYTE_CLOSE(PROTOCOL),

		/**
		 * The server closes the connection while the rest of the flood is unread, so the
		 * peer's kernel may answer with a reset that discards the close frame (seen on
		 * Jetty); the server still counts every flood as rate limited.
		 */
		FLOOD(Set.of("close 1008", "connection ended")),

		TRUNCATED(Set.of("truncated")),

		RESET(Set.of("reset")),

		RANDOM_BYTES(ANY_REFUSAL),

		MUTATED(ANY_REFUSAL);

		private final Set<String> expected;

		Attack(Set<String> expected) {
			this.expected = expected;
		}

	}

}
