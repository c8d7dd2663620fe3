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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A {@code redis-server} of the test's own on a free loopback port, without persistence,
 * that can be stopped and started again on the same port to simulate an outage.
 */
public final class RedisServerProcess implements AutoCloseable {

	/**
	 * Why a test that needs Redis is skipped when it is missing.
	 */
	public static final String NOT_INSTALLED = "redis-server is not installed (apt-get install redis-server)";

	private final Path executable;

	private final int port;

	private volatile Process process;

	private RedisServerProcess(Path executable, int port) {
		this.executable = executable;
		this.port = port;
	}

	/**
	 * Whether a {@code redis-server} executable is installed.
	 */
	public static boolean isInstalled() {
		return executable().isPresent();
	}

	private static Optional<Path> executable() {
		return Executables.find("redis-server", Path.of("/usr/bin/redis-server"));
	}

	/**
	 * Start a server on a free port and wait until it answers.
	 * @return the running server
	 */
	public static RedisServerProcess start() throws IOException {
		Path executable = executable().orElseThrow(() -> new IllegalStateException(NOT_INSTALLED));
		RedisServerProcess server = new RedisServerProcess(executable, freePort());
		server.restart();
		return server;
	}

	public int port() {
		return this.port;
	}

	/**
	 * Start the server again on the same port, empty, after {@link #stop()}.
	 */
	public void restart() throws IOException {
		this.process = new ProcessBuilder(this.executable.toString(), "--port", Integer.toString(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.process.isAlive() || answersPing());
		if (!this.process.isAlive()) {
			throw new IllegalStateException("redis-server exited with " + this.process.exitValue());
		}
	}

	/**
	 * Kill the server and wait until its port is closed.
	 */
	public void stop() throws InterruptedException {
		Process process = this.process;
		process.destroyForcibly();
		process.waitFor(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> !accepts());
	}

	private boolean answersPing() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = in.readNBytes(7);
			return "+PONG\r\n".equals(new String(answer, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() throws InterruptedException {
		Process process = this.process;
		if (process != null && process.isAlive()) {
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		}
	}

}
