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
