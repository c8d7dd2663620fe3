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

package dev.lifeline.resume;

import dev.lifeline.test.UserFromQueryFilter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * An application whose handler records what it is told: the opens, the closes and every
 * message in order (binary ones as UTF-8 text prefixed with {@code b:}).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ResumeTestApplication {

	@Bean
	RecordingHandler recordingHandler() {
		return new RecordingHandler();
	}

	@Bean
	UserFromQueryFilter userFromQueryFilter() {
		return new UserFromQueryFilter();
	}

	/**
	 * Records what the application sees.
	 */
	public static class RecordingHandler extends AbstractWebSocketHandler {

		final AtomicInteger opens = new AtomicInteger();

		final List<CloseStatus> closes = new CopyOnWriteArrayList<>();

		final List<String> messages = new CopyOnWriteArrayList<>();

		final List<String> protocols = new CopyOnWriteArrayList<>();

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			this.opens.incrementAndGet();
			this.protocols.add(String.valueOf(session.getAcceptedProtocol()));
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			this.messages.add(message.getPayload());
		}

		@Override
		protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
			byte[] bytes = new byte[message.getPayloadLength()];
			message.getPayload().get(bytes);
			this.messages.add("b:" + new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			this.closes.add(status);
		}

		void clear() {
			this.opens.set(0);
			this.closes.clear();
			this.messages.clear();
			this.protocols.clear();
		}

	}

}
