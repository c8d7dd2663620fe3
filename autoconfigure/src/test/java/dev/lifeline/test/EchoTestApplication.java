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

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * A Lifeline application whose only handler echoes every text and binary message. It
 * scans nothing, so configuration classes of other tests in this package never leak into
 * it; tests add what they need with {@code @Import}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class EchoTestApplication {

	/**
	 * Run the application on its own, for tests that need a fresh JVM.
	 * @param args the application arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(EchoTestApplication.class, args);
	}

	@Bean
	EchoHandler echoHandler() {
		return new EchoHandler();
	}

	/**
	 * Echoes every message back to its sender.
	 */
	public static class EchoHandler extends AbstractWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			session.sendMessage(message);
		}

		@Override
		protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws Exception {
			session.sendMessage(message);
		}

	}

	/**
	 * Echoes like {@link EchoHandler} but throws on the text {@code "throw"}, as an
	 * application bug would.
	 */
	public static class ThrowingEchoHandler extends EchoHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			if (message.getPayload().equals("throw")) {
				throw new IllegalStateException("Application bug");
			}
			super.handleTextMessage(session, message);
		}

	}

}
