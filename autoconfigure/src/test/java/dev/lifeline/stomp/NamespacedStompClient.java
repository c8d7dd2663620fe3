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

package dev.lifeline.stomp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A STOMP client run as a process of its own, for instance in a
 * {@link dev.lifeline.test.NetworkNamespace}: connects to the URL given as argument,
 * sends {@code CONNECT} and a {@code SUBSCRIBE}, prints {@code CONNECTED} once the broker
 * answers, and answers pings (the JDK client does) until its standard input closes.
 */
public final class NamespacedStompClient {

	private NamespacedStompClient() {
	}

	public static void main(String[] args) throws IOException {
		HttpClient client = HttpClient.newHttpClient();
		WebSocket webSocket = client.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.buildAsync(URI.create(args[0]), new WebSocket.Listener() {

				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					if (data.toString().startsWith("CONNECTED")) {
						System.out.println("CONNECTED");
						System.out.flush();
					}
					webSocket.request(1);
					return null;
				}

			})
			.join();
		webSocket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0", true).join();
		webSocket.sendText("SUBSCRIBE\nid:sub-0\ndestination:/topic/greetings\n\n\0", true).join();
		while (System.in.read() != -1) {
			// Runs until the test closes standard input or ends the process.
		}
		System.exit(0);
	}

}
