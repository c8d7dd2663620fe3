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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.lifeline.server.CloseCause;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.EchoTestApplication;
import dev.lifeline.test.SocketStates;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Thousands of sessions held by {@link SoakClient}s in other processes, each on its own
 * {@code 127.0.0.x} source address, for a while with the heartbeat on: the registry count
 * stays exact, the heartbeat never times out a live peer, a frozen client process
 * ({@code kill -STOP}) loses exactly its sessions within {@code interval + timeout + 1s}
 * and the server keeps none of its sockets, and once the clients leave the registry is
 * empty and heap and threads are back at their baseline.
 * <p>
 * The default build runs 1,000 sessions (plus 100 in the frozen process) for 30 seconds.
 * The {@code soak} Maven profile runs 10,000 (plus 1,000) for five minutes:
 * {@code ./mvnw -B -pl autoconfigure test -Psoak -Dtest=SoakTests}, or set
 * {@code lifeline.soak.sessions}, {@code lifeline.soak.duration} and
 * {@code lifeline.soak.heartbeat} (interval and timeout) as system properties.
 */
class SoakTests {

	private static final int PER_PROCESS = 5000;

	private static final String FROZEN_ADDRESS = "127.0.0.200";

	private final int sessions = Integer.getInteger("lifeline.soak.sessions", 1000);

	private final int frozenSessions = Math.max(10, this.sessions / 10);

	private final Duration duration = duration(System.getProperty("lifeline.soak.duration", "30s"));

	private final Duration heartbeat = duration(System.getProperty("lifeline.soak.heartbeat", "5s"));

	private final List<ClientProcess> clients = new ArrayList<>();

	private long warmUpCloses;

	@Test
	void sessionsFromOtherProcessesStayExactAndLeaveNothingBehind() throws Exception {
		int total = this.sessions + this.frozenSessions;
		assertThat(maxFileDescriptors()).as("open file limit of the test JVM; raise it with ulimit -n")
			.isGreaterThan(total + 1000);
		assumeThat(SocketStates.available()).as("ss (iproute2) is installed").isTrue();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EchoTestApplication.class)
			.properties("server.port=0", "server.tomcat.max-connections=" + (total + 1000),
					"lifeline.max-sessions=" + (total + 1000), "lifeline.heartbeat.interval=" + this.heartbeat,
					"lifeline.heartbeat.timeout=" + this.heartbeat)
			.run()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			WebSocketSessions registry = context.getBean(WebSocketSessions.class);
			String url = "ws://127.0.0.1:" + port + "/ws";
			warmUp(url, registry, total);
			Set<String> threadsBefore = liveThreads();
			long heapBefore = heapAfterGc();
			try {
				soak(url, port, registry, total);
				freezeOneProcess(port, registry);
				leave(port, registry);
			}
			finally {
				this.clients.forEach(ClientProcess::destroy);
			}
			Set<String> threadsAfter = liveThreads();
			long heapAfter = heapAfterGc();
			System.out.printf("Soak: threads %d -> %d, heap after GC %.1f MB -> %.1f MB%n", threadsBefore.size(),
					threadsAfter.size(), heapBefore / 1e6, heapAfter / 1e6);
			Set<String> started = new TreeSet<>(threadsAfter);
			started.removeAll(threadsBefore);
			assertThat(started).as("threads started during the soak and still alive").hasSizeLessThanOrEqualTo(2);
			assertThat(heapAfter).isLessThan(heapBefore + 32_000_000);
		}
	}

	/**
	 * Connect and disconnect as many sessions once, so that the container's caches of
	 * channels, buffers and processors are filled before the heap baseline is taken.
	 */
	private void warmUp(String url, WebSocketSessions registry, int total) throws Exception {
		List<ClientProcess> wave = new ArrayList<>();
		for (int i = 0, left = total; left > 0; i++, left -= PER_PROCESS) {
			wave.add(new ClientProcess(url, "127.0.0." + (100 + i), Math.min(left, PER_PROCESS)));
		}
		try {
			await().atMost(Duration.ofSeconds(30).plusMillis(total * 20L))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> wave.stream().allMatch(ClientProcess::connected));
			for (ClientProcess client : wave) {
				client.leave();
				assertThat(client.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
				client.output.join(TimeUnit.SECONDS.toMillis(5));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> registry.count() == 0);
			this.warmUpCloses = registry.getStatistics().getClosedTotal();
		}
		finally {
			wave.forEach(ClientProcess::destroy);
		}
	}

	private void soak(String url, int port, WebSocketSessions registry, int total) throws Exception {
		long start = System.nanoTime();
		for (int i = 0, left = this.sessions; left > 0; i++, left -= PER_PROCESS) {
			this.clients.add(new ClientProcess(url, "127.0.0." + (10 + i), Math.min(left, PER_PROCESS)));
		}
		this.clients.add(new ClientProcess(url, FROZEN_ADDRESS, this.frozenSessions));
		await().atMost(Duration.ofSeconds(30).plusMillis(total * 20L))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.clients.stream().allMatch(ClientProcess::connected));
		System.out.printf("Soak: %d sessions from %d processes open after %d ms%n", total, this.clients.size(),
				Duration.ofNanos(System.nanoTime() - start).toMillis());
		long soakStart = System.nanoTime();
		await().during(this.duration)
			.atMost(this.duration.plusSeconds(30))
			.pollInterval(Duration.ofSeconds(5))
			.untilAsserted(() -> {
				System.out.printf("Soak: %ds, %d sessions, %d heartbeat timeouts, %d pings answered%n",
						Duration.ofNanos(System.nanoTime() - soakStart).toSeconds(), registry.count(),
						registry.getStatistics().getClosed(CloseCause.HEARTBEAT_TIMEOUT),
						this.clients.stream().mapToLong(ClientProcess::pings).sum());
				assertThat(registry.getStatistics().getClosed(CloseCause.HEARTBEAT_TIMEOUT)).as("heartbeat timeouts")
					.isZero();
				assertThat(registry.getStatistics().getClosedTotal()).as("closes").isEqualTo(this.warmUpCloses);
				assertThat(registry.count()).as("registry").isEqualTo(total);
				assertThat(this.clients.stream().mapToInt(ClientProcess::open).sum()).as("open at the clients")
					.isEqualTo(total);
				assertThat(SocketStates.establishedServerSide(port)).as("established sockets").isEqualTo(total);
			});
		assertThat(this.clients).allSatisfy((client) -> {
			assertThat(client.pings()).as("pings answered by %s", client.address).isPositive();
			assertThat(client.received()).as("echoes received by %s", client.address).isPositive();
			assertThat(client.problems).as("problems reported by %s", client.address).isEmpty();
		});
	}

	private void freezeOneProcess(int port, WebSocketSessions registry) throws Exception {
		ClientProcess frozen = this.clients.remove(this.clients.size() - 1);
		Duration detection = this.heartbeat.multipliedBy(2).plusSeconds(1);
		long stoppedAt = System.nanoTime();
		frozen.signal("STOP");
		try {
			await().atMost(detection)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> registry.count() == this.sessions);
			System.out.printf("Soak: %d sessions of the stopped process removed after %d ms%n", this.frozenSessions,
					Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis());
			assertThat(registry.getStatistics().getClosed(CloseCause.HEARTBEAT_TIMEOUT)).isEqualTo(this.frozenSessions);
			assertThat(registry.getStatistics().getClosedTotal()).isEqualTo(this.warmUpCloses + this.frozenSessions);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> SocketStates.establishedServerSide(port, FROZEN_ADDRESS) == 0);
			assertThat(SocketStates.establishedServerSide(port)).isEqualTo(this.sessions);
		}
		finally {
			frozen.destroy();
			frozen.output.join(TimeUnit.SECONDS.toMillis(5));
		}
	}

	private void leave(int port, WebSocketSessions registry) throws Exception {
		long start = System.nanoTime();
		for (ClientProcess client : this.clients) {
			client.leave();
		}
		for (ClientProcess client : this.clients) {
			assertThat(client.process.waitFor(30, TimeUnit.SECONDS)).as("%s exits", client.address).isTrue();
			assertThat(client.problems).as("problems reported by %s", client.address).isEmpty();
			client.output.join(TimeUnit.SECONDS.toMillis(5));
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(registry.count()).isZero();
			assertThat(SocketStates.establishedServerSide(port)).isZero();
		});
		assertThat(registry.getStatistics().getClosedTotal())
			.isEqualTo(this.warmUpCloses + this.frozenSessions + this.sessions);
		System.out.printf("Soak: %d sessions left, registry empty after %d ms%n", this.sessions,
				Duration.ofNanos(System.nanoTime() - start).toMillis());
	}

	private static long maxFileDescriptors() {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		return (os instanceof UnixOperatingSystemMXBean unix) ? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
	}

	private static Set<String> liveThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && !thread.getName().contains("-exec-"))
			.map(Thread::getName)
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private static long heapAfterGc() {
		Runtime runtime = Runtime.getRuntime();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

	private static Duration duration(String text) {
		return Duration.parse("PT" + text.toUpperCase());
	}

	/**
	 * A {@link SoakClient} in its own JVM, with its progress lines parsed as they come.
	 */
	private static final class ClientProcess {

		private static final Pattern PROGRESS = Pattern
			.compile("open=(\\d+) pings=(\\d+) sent=(\\d+) received=(\\d+) closed=(\\d+) failed=(\\d+)");

		final String address;

		final Process process;

		final Thread output;

		final List<String> problems = new CopyOnWriteArrayList<>();

		private volatile boolean connected;

		private volatile long[] progress = new long[6];

		ClientProcess(String url, String address, int connections) throws IOException {
			this.address = address;
			Path java = Path.of(System.getProperty("java.home"), "bin", "java");
			this.process = new ProcessBuilder(java.toString(), "-Xmx128m", "-XX:+UseSerialGC",
					"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), SoakClient.class.getName(),
					"url=" + url, "source=" + address, "connections=" + connections,
					"deadline=" + Duration.ofMinutes(30).toString().substring(2))
				.redirectErrorStream(true)
				.start();
			this.output = new Thread(this::readOutput, "soak-client-" + address);
			this.output.setDaemon(true);
			this.output.start();
		}

		private void readOutput() {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					Matcher matcher = PROGRESS.matcher(line);
					if (matcher.matches()) {
						long[] values = new long[6];
						for (int i = 0; i < values.length; i++) {
							values[i] = Long.parseLong(matcher.group(i + 1));
						}
						this.progress = values;
						if (values[4] > 0 || values[5] > 0) {
							this.problems.add(line);
						}
					}
					else if (line.startsWith("connected ")) {
						this.connected = true;
						this.progress[0] = Long.parseLong(line.substring("connected ".length()));
					}
					else if (!line.equals("done")) {
						this.problems.add(line);
					}
				}
			}
			catch (IOException ex) {
				this.problems.add(ex.toString());
			}
		}

		boolean connected() {
			assertThat(this.process.isAlive()).as("%s is running; it said %s", this.address, this.problems).isTrue();
			return this.connected;
		}

		int open() {
			return (int) this.progress[0];
		}

		long pings() {
			return this.progress[1];
		}

		long received() {
			return this.progress[3];
		}

		void signal(String signal) throws IOException, InterruptedException {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).start();
			assertThat(kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s", signal).isTrue();
		}

		void leave() throws IOException {
			this.process.getOutputStream().close();
		}

		void destroy() {
			this.process.destroyForcibly();
		}

	}

}
