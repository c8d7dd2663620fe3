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
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * An nginx of the test's own, started in the foreground from a configuration template on
 * the class path, with its pid file, logs and temporary files in a directory the test
 * owns, listening on a free loopback port. Nothing of the system's nginx (its
 * configuration, service, logs) is used.
 * <p>
 * The template may refer to {@code ${prefix}}, {@code ${port}} and to any variable the
 * test passes to {@link #start}.
 */
public final class NginxProcess implements AutoCloseable {

	/**
	 * Why a test that needs nginx is skipped when it is missing.
	 */
	public static final String NOT_INSTALLED = "nginx is not installed (apt-get install nginx)";

	private final Process process;

	private final Path prefix;

	private final int port;

	private NginxProcess(Process process, Path prefix, int port) {
		this.process = process;
		this.prefix = prefix;
		this.port = port;
	}

	/**
	 * Whether an nginx executable is installed ({@code /usr/sbin/nginx} or on the
	 * {@code PATH}).
	 */
	public static boolean isInstalled() {
		return executable().isPresent();
	}

	private static Optional<Path> executable() {
		return Executables.find("nginx", Path.of("/usr/sbin/nginx"));
	}

	/**
	 * Start nginx in the foreground and wait until it accepts connections.
	 * @param template the class path location of the configuration template
	 * @param prefix an empty directory for nginx's configuration, logs and temporary
	 * files
	 * @param variables values for the template's other {@code ${name}} placeholders
	 * @return the running nginx
	 */
	public static NginxProcess start(String template, Path prefix, Map<String, String> variables) throws IOException {
		Path nginx = executable().orElseThrow(() -> new IllegalStateException(NOT_INSTALLED));
		int port = freePort();
		String config = readTemplate(template).replace("${prefix}", prefix.toString())
			.replace("${port}", Integer.toString(port));
		for (Map.Entry<String, String> variable : variables.entrySet()) {
			config = config.replace("${" + variable.getKey() + "}", variable.getValue());
		}
		Path configFile = Files.writeString(prefix.resolve("nginx.conf"), config);
		Path errorLog = prefix.resolve("error.log");
		Process process = new ProcessBuilder(nginx.toString(), "-p", prefix.toString(), "-c", configFile.toString(),
				"-e", errorLog.toString(), "-g", "daemon off;")
			.redirectErrorStream(true)
			.redirectOutput(prefix.resolve("nginx.out").toFile())
			.start();
		NginxProcess started = new NginxProcess(process, prefix, port);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive() || started.accepts());
		}
		catch (RuntimeException ex) {
			started.close();
			throw ex;
		}
		if (!process.isAlive()) {
			throw new IllegalStateException("nginx exited with " + process.exitValue() + ":\n" + started.log());
		}
		return started;
	}

	private static String readTemplate(String location) throws IOException {
		try (InputStream in = NginxProcess.class.getResourceAsStream(location)) {
			if (in == null) {
				throw new IllegalArgumentException("No nginx configuration template at " + location);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
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

	/**
	 * The port nginx listens on (loopback).
	 */
	public int port() {
		return this.port;
	}

	/**
	 * nginx's error log and console output so far, for failure messages.
	 */
	public String log() {
		StringBuilder log = new StringBuilder();
		for (String name : new String[] { "nginx.out", "error.log" }) {
			Path file = this.prefix.resolve(name);
			try {
				if (Files.exists(file)) {
					log.append("--- ").append(name).append('\n').append(Files.readString(file));
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return log.toString();
	}

	/**
	 * Stop nginx (fast shutdown: {@code SIGTERM} to the master process) and wait for it.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
