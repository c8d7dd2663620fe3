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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A test host in a network namespace of its own, joined to this one by a veth pair: a
 * peer whose packets can be made to vanish by taking the link down, as a half-open
 * connection does, unlike a stopped process whose kernel still acknowledges. Needs root
 * and {@code ip} from iproute2; tests that use it are skipped elsewhere.
 */
public final class NetworkNamespace implements AutoCloseable {

	private final String name;

	private final String hostLink;

	private final String hostAddress;

	private final String peerAddress;

	private NetworkNamespace(String name, String hostLink, String hostAddress, String peerAddress) {
		this.name = name;
		this.hostLink = hostLink;
		this.hostAddress = hostAddress;
		this.peerAddress = peerAddress;
	}

	/**
	 * Create a namespace with one link to this one, or skip the test when namespaces
	 * cannot be made here.
	 * @return the namespace
	 */
	public static NetworkNamespace create() {
		int id = ThreadLocalRandom.current().nextInt(1, 1 << 14);
		String name = "lifeline-" + ProcessHandle.current().pid() + "-" + id;
		String hostLink = "lfh" + id;
		String peerLink = "lfp" + id;
		// A /30 of its own, so that namespaces of concurrent test runs never collide.
		String prefix = "10.231." + (id >> 6) + ".";
		int base = (id & 63) * 4;
		String hostAddress = prefix + (base + 1);
		String peerAddress = prefix + (base + 2);
		NetworkNamespace namespace = new NetworkNamespace(name, hostLink, hostAddress, peerAddress);
		String failure = namespace.run("ip", "netns", "add", name);
		if (failure == null) {
			failure = firstFailure(
					namespace.run("ip", "link", "add", hostLink, "type", "veth", "peer", "name", peerLink),
					namespace.run("ip", "link", "set", peerLink, "netns", name),
					namespace.run("ip", "addr", "add", hostAddress + "/30", "dev", hostLink),
					namespace.run("ip", "link", "set", hostLink, "up"),
					namespace.inside("ip", "addr", "add", peerAddress + "/30", "dev", peerLink),
					namespace.inside("ip", "link", "set", peerLink, "up"),
					namespace.inside("ip", "link", "set", "lo", "up"));
			if (failure != null) {
				namespace.close();
			}
		}
		String reason = failure;
		Assumptions.assumeTrue(reason == null,
				() -> "Skipped: a network namespace could not be made (needs root and iproute2's ip): " + reason);
		return namespace;
	}

	private static String firstFailure(String... failures) {
		for (String failure : failures) {
			if (failure != null) {
				return failure;
			}
		}
		return null;
	}

	/**
	 * Return this host's address on the link, which the namespace reaches it by.
	 * @return the address
	 */
	public String hostAddress() {
		return this.hostAddress;
	}

	/**
	 * Return the namespace's address on the link.
	 * @return the address
	 */
	public String peerAddress() {
		return this.peerAddress;
	}

	/**
	 * Start a command inside the namespace.
	 * @param command the command
	 * @return the process
	 * @throws IOException if it cannot start
	 */
	public Process start(List<String> command) throws IOException {
		List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", this.name));
		full.addAll(command);
		return new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.INHERIT).start();
	}

	/**
	 * Take the link down: from now on, packets between the two hosts vanish without an
	 * answer.
	 */
	public void linkDown() {
		String failure = run("ip", "link", "set", this.hostLink, "down");
		if (failure != null) {
			throw new IllegalStateException(failure);
		}
	}

	private String inside(String... command) {
		List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", this.name));
		full.addAll(List.of(command));
		return run(full.toArray(String[]::new));
	}

	private String run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return String.join(" ", command) + ": timed out";
			}
			return (process.exitValue() == 0) ? null : String.join(" ", command) + ": " + output;
		}
		catch (IOException ex) {
			return String.join(" ", command) + ": " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return String.join(" ", command) + ": interrupted";
		}
	}

	/**
	 * Delete the namespace, which deletes its end of the link and so the link.
	 */
	@Override
	public void close() {
		run("ip", "netns", "del", this.name);
		run("ip", "link", "del", this.hostLink);
	}

}
