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

package dev.lifeline.server;

import dev.lifeline.autoconfigure.ManagedEndpointCustomizer;
import dev.lifeline.server.handshake.SessionSlots;
import dev.lifeline.test.EchoTestApplication;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.RawWebSocketClient;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.Lifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code max-sessions-per-user} caps the principal the application's handshake handler
 * decides ({@code DefaultHandshakeHandler#determineUser}), not only the one of the
 * upgrade request: that principal is the session's, the one the user index and messages
 * to users know. Upgraded with the endpoint's strategy, the third session of a user gets
 * the same HTTP 429 as a container principal over its cap; upgraded with a strategy of
 * the handler's own, it is closed with 1008 as it opens. Either way the refusal is
 * counted, the slot given back, and other users are unaffected.
 */
@SpringBootTest(classes = { EchoTestApplication.class, HandshakePrincipalCapTests.PrincipalFromHeader.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "lifeline.max-sessions-per-user=2")
class HandshakePrincipalCapTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String USER_HEADER = "X-User";

	private static final String OWN_STRATEGY_HEADER = "X-Own-Strategy";

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	SessionSlots slots;

	@Test
	void thirdSessionOfAHandlerDecidedPrincipalGets429() throws Exception {
		long rejected = this.sessions.getStatistics().getRejected(RejectionReason.USER_LIMIT);
		try (JdkWebSocketClient first = connect("alice", false);
				JdkWebSocketClient second = connect("alice", false);
				RawWebSocketClient third = RawWebSocketClient.connectTcp(this.port)) {
			await().atMost(TIMEOUT).until(() -> this.sessions.findByUser("alice").size() == 2);
			assertThat(third.handshake("/ws", Map.of(USER_HEADER, "alice"))).isEqualTo(429);
			assertThat(third.responseHeader("Retry-After")).isNotBlank();
			assertThat(third.responseHeader("Upgrade")).isNull();
			assertThat(this.sessions.getStatistics().getRejected(RejectionReason.USER_LIMIT)).isEqualTo(rejected + 1);
			assertThat(this.slots.getReservedByUser("alice")).isEqualTo(2);
			assertOtherUsersUnaffected("bob", false);
			this.sessions.sendToUser("alice", new TextMessage("to alice"));
			assertThat(first.nextText(TIMEOUT)).isEqualTo("to alice");
			assertThat(second.nextText(TIMEOUT)).isEqualTo("to alice");
		}
		await().atMost(TIMEOUT).until(() -> this.slots.getReservedByUser("alice") == 0);
		assertThat(this.sessions.findByUser("alice")).isEmpty();
		try (JdkWebSocketClient again = connect("alice", false)) {
			again.send("room again");
			assertThat(again.nextText(TIMEOUT)).isEqualTo("room again");
		}
	}

	@Test
	void thirdSessionUpgradedByTheHandlersOwnStrategyIsClosedWith1008() throws Exception {
		long rejected = this.sessions.getStatistics().getRejected(RejectionReason.USER_LIMIT);
		try (JdkWebSocketClient first = connect("carol", true);
				JdkWebSocketClient second = connect("carol", true);
				JdkWebSocketClient third = connect("carol", true)) {
			assertThat(third.closeCode().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1008);
			assertThat(this.sessions.getStatistics().getRejected(RejectionReason.USER_LIMIT)).isEqualTo(rejected + 1);
			await().atMost(TIMEOUT).until(() -> this.slots.getReservedByUser("carol") == 2);
			assertThat(this.sessions.findByUser("carol")).hasSize(2);
			assertOtherUsersUnaffected("dave", true);
			first.send("still served");
			assertThat(first.nextText(TIMEOUT)).isEqualTo("still served");
		}
		await().atMost(TIMEOUT).until(() -> this.slots.getReservedByUser("carol") == 0);
		assertThat(this.sessions.findByUser("carol")).isEmpty();
	}

	private void assertOtherUsersUnaffected(String user, boolean ownStrategy) throws Exception {
		try (JdkWebSocketClient first = connect(user, ownStrategy);
				JdkWebSocketClient second = connect(user, ownStrategy)) {
			await().atMost(TIMEOUT).until(() -> this.sessions.findByUser(user).size() == 2);
			assertThat(this.slots.getReservedByUser(user)).isEqualTo(2);
			second.send("hello " + user);
			assertThat(second.nextText(TIMEOUT)).isEqualTo("hello " + user);
		}
		await().atMost(TIMEOUT).until(() -> this.slots.getReservedByUser(user) == 0);
	}

	private JdkWebSocketClient connect(String user, boolean ownStrategy) {
		return ownStrategy
				? JdkWebSocketClient.connect(this.port, "/ws", Map.of(USER_HEADER, user, OWN_STRATEGY_HEADER, "true"))
				: JdkWebSocketClient.connect(this.port, "/ws", Map.of(USER_HEADER, user));
	}

	@Configuration(proxyBeanMethods = false)
	static class PrincipalFromHeader {

		@Bean
		ManagedEndpointCustomizer principalFromHeader() {
			return (registration) -> registration
				.setHandshakeHandler(new HeaderUserHandshakeHandler(registration.getRequestUpgradeStrategy()));
		}

	}

	/**
	 * Decides the principal from a request header, as an application authenticating in
	 * its own handshake handler would; upgrades with the endpoint's strategy, or with one
	 * of its own when the request asks for it.
	 */
	static class HeaderUserHandshakeHandler implements HandshakeHandler, Lifecycle {

		private final DefaultHandshakeHandler endpointStrategy;

		private final DefaultHandshakeHandler ownStrategy;

		HeaderUserHandshakeHandler(RequestUpgradeStrategy strategy) {
			this.endpointStrategy = new HeaderUser(strategy);
			this.ownStrategy = new HeaderUser(new DefaultHandshakeHandler().getRequestUpgradeStrategy());
		}

		@Override
		public boolean doHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
				Map<String, Object> attributes) {
			DefaultHandshakeHandler handler = request.getHeaders().containsHeader(OWN_STRATEGY_HEADER)
					? this.ownStrategy : this.endpointStrategy;
			return handler.doHandshake(request, response, wsHandler, attributes);
		}

		@Override
		public void start() {
			this.endpointStrategy.start();
			this.ownStrategy.start();
		}

		@Override
		public void stop() {
			this.endpointStrategy.stop();
			this.ownStrategy.stop();
		}

		@Override
		public boolean isRunning() {
			return this.endpointStrategy.isRunning();
		}

	}

	static class HeaderUser extends DefaultHandshakeHandler {

		HeaderUser(RequestUpgradeStrategy strategy) {
			super(strategy);
		}

		@Override
		protected @Nullable Principal determineUser(ServerHttpRequest request, WebSocketHandler wsHandler,
				Map<String, Object> attributes) {
			String user = request.getHeaders().getFirst(USER_HEADER);
			return (user != null) ? () -> user : super.determineUser(request, wsHandler, attributes);
		}

	}

}
