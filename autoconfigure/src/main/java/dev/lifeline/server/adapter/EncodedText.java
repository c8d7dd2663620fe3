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

package dev.lifeline.server.adapter;

import java.nio.charset.StandardCharsets;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * A whole text message together with its UTF-8 bytes, encoded once: a broadcast hands the
 * same one to every session, and connections that take bytes use them as they are.
 *
 * @param text the text
 * @param utf8 the text in UTF-8
 * @author Lifeline contributors
 */
public record EncodedText(String text, byte[] utf8) implements WebSocketMessage<String> {

	/**
	 * Return a whole text message as one that holds its UTF-8 bytes, encoding it at most
	 * once; other messages are returned as they are.
	 * @param message the message
	 * @return the message to queue
	 */
	public static WebSocketMessage<?> of(WebSocketMessage<?> message) {
		if (message instanceof TextMessage text && text.isLast()) {
			String payload = text.getPayload();
			return new EncodedText(payload, payload.getBytes(StandardCharsets.UTF_8));
		}
		return message;
	}

	/**
	 * Whether a message is a text message, encoded or not.
	 * @param message the message
	 * @return {@code true} for text
	 */
	public static boolean isText(WebSocketMessage<?> message) {
		return message instanceof TextMessage || message instanceof EncodedText;
	}

	@Override
	public String getPayload() {
		return this.text;
	}

	@Override
	public int getPayloadLength() {
		return this.utf8.length;
	}

	@Override
	public boolean isLast() {
		return true;
	}

}
