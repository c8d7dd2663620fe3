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
import java.time.Duration;
import java.util.Map;

/**
 * A resumable client run as a process of its own, for instance in a
 * {@link NetworkNamespace}: opens a fresh {@code lifeline.resume.v1} session at the host,
 * port and path given as arguments, prints {@code WELCOME <session> <token>}, and then
 * reads, answering pings, until its standard input closes. Nothing it receives is
 * acknowledged, so a test can resume its session elsewhere with {@code received} 0.
 */
public final class NamespacedResumingClient {

	private NamespacedResumingClient() {
	}

	public static void main(String[] args) throws IOException {
		RawWebSocketClient client = RawWebSocketClient.connectTcp(args[0], Integer.parseInt(args[1]));
		if (client.handshake(args[2], Map.of("Sec-WebSocket-Protocol", "lifeline.resume.v1")) != 101) {
			System.out.println("FAILED " + client.status());
			System.exit(1);
		}
		client.sendText("c{\"type\":\"hello\"}");
		Map<String, String> welcome = ResumingClient
			.parse(client.readMessage(Duration.ofSeconds(10)).text().substring(1));
		System.out.println("WELCOME " + welcome.get("session") + " " + welcome.get("token"));
		System.out.flush();
		Thread reader = new Thread(() -> {
			try {
				while (true) {
					client.readMessage(Duration.ofHours(1));
				}
			}
			catch (IOException ex) {
				// The link went down or the test ended.
			}
		}, "namespaced-resuming-client");
		reader.setDaemon(true);
		reader.start();
		while (System.in.read() != -1) {
			// Runs until the test closes standard input or ends the process.
		}
		System.exit(0);
	}

}
