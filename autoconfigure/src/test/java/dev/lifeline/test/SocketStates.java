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
import java.util.concurrent.TimeUnit;

/**
 * Reads the kernel's view of TCP connections with {@code ss} (iproute2).
 */
public final class SocketStates {

	private SocketStates() {
	}

	/**
	 * Whether {@code ss} can be run here.
	 */
	public static boolean available() {
		try {
			Process process = new ProcessBuilder("ss", "-V").redirectErrorStream(true).start();
			return process.waitFor(5, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Count ESTABLISHED connections whose local port is {@code serverPort} and remote
	 * port is {@code clientPort}: the server's side of one client connection.
	 */
	public static int establishedServerSide(int serverPort, int clientPort) throws IOException, InterruptedException {
		return established("( sport = :" + serverPort + " and dport = :" + clientPort + " )");
	}

	/**
	 * Count ESTABLISHED connections whose local port is {@code serverPort}: the server's
	 * side of every client connection.
	 */
	public static int establishedServerSide(int serverPort) throws IOException, InterruptedException {
		return established("( sport = :" + serverPort + " )");
	}

	/**
	 * Count ESTABLISHED connections whose local port is {@code serverPort} and remote
	 * address is {@code clientAddress}: the server's side of every connection from one
	 * source address.
	 */
	public static int establishedServerSide(int serverPort, String clientAddress)
			throws IOException, InterruptedException {
		return established("( sport = :" + serverPort + " and dst " + clientAddress + " )");
	}

	private static int established(String filter) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("ss", "-Htn", "state", "established", filter).redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(5, TimeUnit.SECONDS);
		return (int) output.lines().filter((line) -> !line.isBlank()).count();
	}

}
