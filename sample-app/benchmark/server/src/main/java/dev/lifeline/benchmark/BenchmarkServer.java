package dev.lifeline.benchmark;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.lifeline.server.WebSocketSessions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The benchmark's echo server. With {@code benchmark.mode=lifeline} Lifeline maps the
 * echo handler at {@code /ws}; with {@code benchmark.mode=plain} Lifeline is disabled and
 * the same handler is registered with plain Spring {@code @EnableWebSocket}.
 */
@SpringBootApplication(proxyBeanMethods = false)
@RestController
public class BenchmarkServer {

	private final EchoHandler echo = new EchoHandler();

	private final ObjectProvider<WebSocketSessions> sessions;

	BenchmarkServer(ObjectProvider<WebSocketSessions> sessions) {
		this.sessions = sessions;
	}

	public static void main(String[] args) {
		SpringApplication.run(BenchmarkServer.class, args);
	}

	@Bean
	EchoHandler echoHandler() {
		return this.echo;
	}

	/**
	 * Open sessions as the handler sees them and, with Lifeline, as its registry does.
	 * @return the counts
	 */
	@GetMapping("/stats")
	Map<String, Integer> stats() {
		WebSocketSessions registry = this.sessions.getIfAvailable();
		return Map.of("open", this.echo.open.get(), "registry", (registry != null) ? registry.count() : -1);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "benchmark.mode", havingValue = "plain")
	@EnableWebSocket
	static class PlainSpring implements WebSocketConfigurer {

		private final EchoHandler echo;

		PlainSpring(EchoHandler echo) {
			this.echo = echo;
		}

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(this.echo, "/ws");
		}

	}

	/**
	 * Echoes every message to its sender and counts open sessions.
	 */
	static class EchoHandler extends AbstractWebSocketHandler {

		final AtomicInteger open = new AtomicInteger();

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			this.open.incrementAndGet();
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			this.open.decrementAndGet();
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			session.sendMessage(message);
		}

		@Override
		protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws Exception {
			session.sendMessage(message);
		}

	}

}
