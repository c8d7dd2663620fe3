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

package dev.lifeline.benchmark;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.WebSocketSessions;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistration;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.server.jetty.JettyRequestUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * The benchmark's echo server. With {@code benchmark.mode=lifeline} Lifeline maps the
 * echo handler at {@code /ws}; with {@code benchmark.mode=plain} Lifeline is disabled and
 * the same handler is registered with plain Spring {@code @EnableWebSocket}. A text
 * message that starts with {@value EchoHandler#BROADCAST} is sent to every open session
 * instead of echoed.
 */
@SpringBootApplication(proxyBeanMethods = false)
@RestController
public class BenchmarkServer {

	private final EchoHandler echo;

	private final ObjectProvider<WebSocketSessions> sessions;

	BenchmarkServer(EchoHandler echo, ObjectProvider<WebSocketSessions> sessions) {
		this.echo = echo;
		this.sessions = sessions;
	}

	public static void main(String[] args) {
		SpringApplication.run(BenchmarkServer.class, args);
	}

	@Bean
	static EchoHandler echoHandler(Broadcaster broadcaster, ObjectProvider<ServerPinger> pinger) {
		return new EchoHandler(broadcaster, pinger.getIfAvailable());
	}

	@Bean
	@ConditionalOnProperty(name = "benchmark.server-pings", havingValue = "true")
	static ServerPinger serverPinger() {
		return new ServerPinger();
	}

	@Bean
	@ConditionalOnProperty(name = "benchmark.mode", havingValue = "lifeline")
	static Broadcaster lifelineBroadcaster(WebSocketSessions sessions) {
		return new LifelineBroadcaster(sessions);
	}

	/**
	 * Open sessions as the handler sees them and, with Lifeline, as its registry does,
	 * and the sessions Lifeline closed as slow consumers.
	 * @return the counts
	 */
	@GetMapping("/stats")
	Map<String, Number> stats() {
		WebSocketSessions registry = this.sessions.getIfAvailable();
		return Map.of("open", this.echo.open.get(), "registry", (registry != null) ? registry.count() : -1,
				"slowConsumerClosed",
				(registry != null) ? registry.getStatistics().getClosed(CloseCause.SLOW_CONSUMER) : -1);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "benchmark.mode", havingValue = "plain")
	@EnableWebSocket
	static class PlainSpring implements WebSocketConfigurer {

		private static final String JETTY_SERVER = "org.eclipse.jetty.server.Server";

		private final EchoHandler echo;

		PlainSpring(EchoHandler echo) {
			this.echo = echo;
		}

		@Bean
		static Broadcaster plainBroadcaster() {
			return new PlainBroadcaster();
		}

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			WebSocketHandlerRegistration registration = registry.addHandler(this.echo, "/ws");
			if (ClassUtils.isPresent(JETTY_SERVER, getClass().getClassLoader())) {
				registration.setHandshakeHandler(JettyWithoutIdleTimeout.handshakeHandler());
			}
		}

	}

	/**
	 * Jetty closes a WebSocket session that is idle for 30 s, and plain Spring has no
	 * heartbeat to keep it busy: the idle sessions of the benchmark stay open without it.
	 */
	static final class JettyWithoutIdleTimeout {

		static DefaultHandshakeHandler handshakeHandler() {
			JettyRequestUpgradeStrategy strategy = new JettyRequestUpgradeStrategy();
			strategy.addWebSocketConfigurer((configurable) -> configurable.setIdleTimeout(Duration.ofHours(1)));
			return new DefaultHandshakeHandler(strategy);
		}

	}

	/**
	 * Sends a message to every open session.
	 */
	interface Broadcaster {

		default void opened(WebSocketSession session) {
		}

		default void closed(WebSocketSession session) {
		}

		void broadcast(TextMessage message);

	}

	/**
	 * Queues the message in each session's outbound queue and returns.
	 */
	static class LifelineBroadcaster implements Broadcaster {

		private final WebSocketSessions sessions;

		LifelineBroadcaster(WebSocketSessions sessions) {
			this.sessions = sessions;
		}

		@Override
		public void broadcast(TextMessage message) {
			this.sessions.broadcast(message);
		}

	}

	/**
	 * Keeps the open sessions and sends to each in turn, as an application on plain
	 * Spring would: a send waits while the peer does not read.
	 */
	static class PlainBroadcaster implements Broadcaster {

		private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

		@Override
		public void opened(WebSocketSession session) {
			this.sessions.add(session);
		}

		@Override
		public void closed(WebSocketSession session) {
			this.sessions.remove(session);
		}

		@Override
		public void broadcast(TextMessage message) {
			for (WebSocketSession session : this.sessions) {
				try {
					session.sendMessage(message);
				}
				catch (IOException | RuntimeException ex) {
					// Closed or timed out: go on with the next session.
				}
			}
		}

	}

	/**
	 * Echoes every message to its sender, broadcasts those that ask for it, and counts
	 * open sessions.
	 */
	static class EchoHandler extends AbstractWebSocketHandler {

		static final String BROADCAST = "broadcast:";

		final AtomicInteger open = new AtomicInteger();

		private final Broadcaster broadcaster;

		private final @Nullable ServerPinger pinger;

		EchoHandler(Broadcaster broadcaster, @Nullable ServerPinger pinger) {
			this.broadcaster = broadcaster;
			this.pinger = pinger;
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			this.open.incrementAndGet();
			this.broadcaster.opened(session);
			if (this.pinger != null) {
				this.pinger.opened(session);
			}
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			this.open.decrementAndGet();
			this.broadcaster.closed(session);
			if (this.pinger != null) {
				this.pinger.closed(session);
			}
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			if (message.getPayload().startsWith(BROADCAST)) {
				this.broadcaster.broadcast(message);
			}
			else {
				session.sendMessage(message);
			}
		}

		@Override
		protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws Exception {
			session.sendMessage(message);
		}

	}

}
