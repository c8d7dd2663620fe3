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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A WebSocket client run as a process of its own, for instance in a
 * {@link NetworkNamespace}: connects to the URL given as argument, prints {@code OPEN}
 * and answers pings (the JDK client does) until its standard input closes.
 */
public final class NamespacedWebSocketClient {

	private NamespacedWebSocketClient() {
	}

	public static void main(String[] args) throws IOException {
		HttpClient client = HttpClient.newHttpClient();
		client.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.buildAsync(URI.create(args[0]), new WebSocket.Listener() {

				@Override
				public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
					System.out.println("CLOSED " + statusCode);
					return null;
				}

			})
			.join();
		System.out.println("OPEN");
		System.out.flush();
		while (System.in.read() != -1) {
			// Runs until the test closes standard input or ends the process.
		}
		System.exit(0);
	}

}
