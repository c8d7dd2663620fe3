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

package dev.lifeline.endpoints;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.lifeline.actuate.ActuatorClient;
import dev.lifeline.autoconfigure.ManagedEndpointCustomizer;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two managed endpoints on one server, with real clients on a real port: each handler at
 * its own path with its own limits, origins and sub-protocols, handshake hooks from a
 * {@link ManagedEndpointCustomizer}, and sessions, the actuator and the meters telling
 * the endpoints apart.
 */
@LifelineServerTest(classes = MultipleEndpointsTests.TwoEndpointsApplication.class,
		properties = { "lifeline.endpoints.chatHandler.path=/chat",
				"lifeline.endpoints.chatHandler.subprotocols=chat.v2,chat.v1",
				"lifeline.endpoints.chatHandler.max-text-message-size=1KB",
				"lifeline.endpoints.notificationsHandler.path=/notifications",
				"lifeline.endpoints.notificationsHandler.max-sessions=2",
				"lifeline.endpoints.notificationsHandler.allowed-origins=https://notify.example",
				"lifeline.allowed-origins=https://chat.example", "lifeline.actuator.show-values=always",
				"management.endpoints.web.exposure.include=websocket,prometheus" })
@Import(ActuatorClient.class)
class MultipleEndpointsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String TOKEN = "let-me-in";

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	ActuatorClient actuator;

	@AfterEach
	void registryEmptiesAfterEachTest() {
		await().atMost(TIMEOUT).until(() -> this.sessions.count() == 0);
	}

	@Test
	void eachHandlerAnswersAtItsOwnPathAndEverySessionKnowsItsEndpoint() throws Exception {
		try (JdkWebSocketClient chat = JdkWebSocketClient.connect(this.port, "/chat?user=alice");
				JdkWebSocketClient notifications = JdkWebSocketClient.connect(this.port,
						"/notifications?token=" + TOKEN)) {
			chat.send("hello");
			notifications.send("hello");
			assertThat(chat.nextText(TIMEOUT)).isEqualTo("chatHandler: hello");
			assertThat(notifications.nextText(TIMEOUT)).isEqualTo("notificationsHandler: hello");
			assertThat(this.sessions.stream().map(LifelineSession::getEndpoint))
				.containsExactlyInAnyOrder("chatHandler", "notificationsHandler");
			assertThat(this.sessions.getEndpoints()).allSatisfy((endpoint) -> assertThat(endpoint.count()).isOne());
		}
	}

	@Test
	void customizersHandshakeHandlerDecidesThePrincipalOfItsEndpointOnly() throws Exception {
		try (JdkWebSocketClient chat = JdkWebSocketClient.connect(this.port, "/chat?user=alice");
				JdkWebSocketClient anonymous = JdkWebSocketClient.connect(this.port, "/chat");
				JdkWebSocketClient notifications = JdkWebSocketClient.connect(this.port,
						"/notifications?token=" + TOKEN + "&user=mallory")) {
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 3);
			assertThat(this.sessions.stream()
				.filter((session) -> session.getPrincipalName() != null)
				.map((session) -> session.getEndpoint() + ":" + session.getPrincipalName()))
				.containsExactly("chatHandler:alice");
		}
	}

	@Test
	void customizersInterceptorRefusesHandshakesOfItsEndpointOnly() throws Exception {
		try (RawWebSocketClient withoutToken = RawWebSocketClient.connectTcp(this.port);
				RawWebSocketClient wrongToken = RawWebSocketClient.connectTcp(this.port);
				RawWebSocketClient chat = RawWebSocketClient.connectTcp(this.port)) {
			assertThat(withoutToken.handshake("/notifications", Map.of())).isEqualTo(401);
			assertThat(wrongToken.handshake("/notifications?token=guess", Map.of())).isEqualTo(401);
			assertThat(chat.handshake("/chat", Map.of())).isEqualTo(101);
		}
	}

	@Test
	void originsArePerEndpoint() throws Exception {
		assertThat(handshake("/chat", Map.of("Origin", "https://chat.example"))).isEqualTo(101);
		assertThat(handshake("/chat", Map.of("Origin", "https://notify.example"))).isEqualTo(403);
		assertThat(handshake("/notifications?token=" + TOKEN, Map.of("Origin", "https://notify.example")))
			.isEqualTo(101);
		assertThat(handshake("/notifications?token=" + TOKEN, Map.of("Origin", "https://chat.example"))).isEqualTo(403);
	}

	@Test
	void subprotocolIsNegotiatedOnTheEndpointThatOffersIt() throws Exception {
		try (RawWebSocketClient chat = RawWebSocketClient.connectTcp(this.port);
				RawWebSocketClient notifications = RawWebSocketClient.connectTcp(this.port)) {
			assertThat(chat.handshake("/chat", Map.of("Sec-WebSocket-Protocol", "chat.v0, chat.v1"))).isEqualTo(101);
			assertThat(chat.responseHeader("Sec-WebSocket-Protocol")).isEqualTo("chat.v1");
			assertThat(notifications.handshake("/notifications?token=" + TOKEN,
					Map.of("Sec-WebSocket-Protocol", "chat.v1")))
				.isEqualTo(101);
			assertThat(notifications.responseHeader("Sec-WebSocket-Protocol")).isNull();
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 2);
			assertThat(this.sessions.stream()
				.filter((session) -> session.getEndpoint().equals("chatHandler"))
				.map(WebSocketSession::getAcceptedProtocol)).containsExactly("chat.v1");
		}
	}

	@Test
	void sessionCapIsPerEndpoint() throws Exception {
		try (RawWebSocketClient first = RawWebSocketClient.connectTcp(this.port);
				RawWebSocketClient second = RawWebSocketClient.connectTcp(this.port);
				RawWebSocketClient third = RawWebSocketClient.connectTcp(this.port);
				RawWebSocketClient chat = RawWebSocketClient.connectTcp(this.port)) {
			assertThat(first.handshake("/notifications?token=" + TOKEN, Map.of())).isEqualTo(101);
			assertThat(second.handshake("/notifications?token=" + TOKEN, Map.of())).isEqualTo(101);
			assertThat(third.handshake("/notifications?token=" + TOKEN, Map.of())).isEqualTo(503);
			assertThat(third.responseHeader("Retry-After")).isNotNull();
			assertThat(chat.handshake("/chat", Map.of())).isEqualTo(101);
			assertThat(this.sessions.getEndpoint("notificationsHandler")
				.orElseThrow()
				.getStatistics()
				.getRejected(RejectionReason.CAPACITY)).isOne();
			assertThat(this.sessions.getEndpoint("chatHandler")
				.orElseThrow()
				.getStatistics()
				.getRejected(RejectionReason.CAPACITY)).isZero();
		}
	}

	@Test
	void messageSizeLimitIsPerEndpoint() throws Exception {
		String big = "x".repeat(2048);
		try (JdkWebSocketClient chat = JdkWebSocketClient.connect(this.port, "/chat");
				JdkWebSocketClient notifications = JdkWebSocketClient.connect(this.port,
						"/notifications?token=" + TOKEN)) {
			notifications.send(big);
			assertThat(notifications.nextText(TIMEOUT)).isEqualTo("notificationsHandler: " + big);
			chat.send(big);
			assertThat(chat.closeCode().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1009);
			assertThat(notifications.isClosed()).isFalse();
		}
	}

	@Test
	void actuatorSummarizesEachEndpointAndNamesItPerSession() throws Exception {
		try (JdkWebSocketClient chat = JdkWebSocketClient.connect(this.port, "/chat?user=alice");
				JdkWebSocketClient other = JdkWebSocketClient.connect(this.port, "/chat");
				JdkWebSocketClient notifications = JdkWebSocketClient.connect(this.port,
						"/notifications?token=" + TOKEN)) {
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 3);
			ActuatorClient.Response response = this.actuator.get("/actuator/websocket");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.<Map<String, Object>>read("$.endpoints")).containsOnlyKeys("chatHandler",
					"notificationsHandler");
			assertThat(response.<Map<String, Object>>read("$.endpoints.chatHandler"))
				.containsExactlyInAnyOrderEntriesOf(Map.of("path", "/chat", "active", 2, "maxSessions", 10000));
			assertThat(response.<Map<String, Object>>read("$.endpoints.notificationsHandler"))
				.containsExactlyInAnyOrderEntriesOf(Map.of("path", "/notifications", "active", 1, "maxSessions", 2));
			assertThat(response.<List<String>>read("$.sessions[*].endpoint")).containsExactlyInAnyOrder("chatHandler",
					"chatHandler", "notificationsHandler");
			assertThat(response.<List<String>>read("$.sessions[?(@.principal == 'alice')].endpoint"))
				.containsExactly("chatHandler");
			assertThat(response.body()).doesNotContain(TOKEN);
		}
	}

	@Test
	void metersCarryTheEndpointTagWithOnlyEndpointNames() throws Exception {
		try (JdkWebSocketClient chat = JdkWebSocketClient.connect(this.port, "/chat?user=alice");
				JdkWebSocketClient notifications = JdkWebSocketClient.connect(this.port,
						"/notifications?token=" + TOKEN)) {
			chat.send("one");
			assertThat(chat.nextText(TIMEOUT)).isEqualTo("chatHandler: one");
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 2);
			long chatReceived = received("chatHandler");
			long notificationsReceived = received("notificationsHandler");
			assertThat(chatReceived + notificationsReceived)
				.isEqualTo(this.sessions.getStatistics().getMessagesReceived(true));
			String scrape = this.actuator.get("/actuator/prometheus").body();
			assertThat(scrape).contains("websocket_sessions_active{endpoint=\"chatHandler\"} 1.0",
					"websocket_sessions_active{endpoint=\"notificationsHandler\"} 1.0",
					"websocket_sessions_limit{endpoint=\"notificationsHandler\"} 2.0",
					"websocket_messages_received_total{endpoint=\"chatHandler\",type=\"text\"} " + chatReceived + ".0",
					"websocket_messages_received_total{endpoint=\"notificationsHandler\",type=\"text\"} "
							+ notificationsReceived + ".0");
			assertThat(scrape.lines()
				.filter((line) -> line.startsWith("websocket_") && line.matches(".*[{,]endpoint=.*"))
				.map((line) -> line.replaceAll(".*[{,]endpoint=\"([^\"]*)\".*", "$1"))
				.distinct()).containsExactlyInAnyOrder("chatHandler", "notificationsHandler");
		}
	}

	private long received(String endpoint) {
		return this.sessions.getEndpoint(endpoint).orElseThrow().getStatistics().getMessagesReceived(true);
	}

	private int handshake(String path, Map<String, String> headers) throws Exception {
		try (RawWebSocketClient client = RawWebSocketClient.connectTcp(this.port)) {
			return client.handshake(path, headers);
		}
	}

	@SpringBootApplication(proxyBeanMethods = false)
	static class TwoEndpointsApplication {

		@Bean
		PrefixingHandler chatHandler() {
			return new PrefixingHandler("chatHandler");
		}

		@Bean
		PrefixingHandler notificationsHandler() {
			return new PrefixingHandler("notificationsHandler");
		}

		@Bean
		ManagedEndpointCustomizer principalFromQuery() {
			return (registration) -> {
				if (registration.getName().equals("chatHandler")) {
					registration
						.setHandshakeHandler(new DefaultHandshakeHandler(registration.getRequestUpgradeStrategy()) {

							@Override
							protected Principal determineUser(ServerHttpRequest request, WebSocketHandler handler,
									Map<String, Object> attributes) {
								String user = queryParam(request, "user");
								return (user != null) ? () -> user : super.determineUser(request, handler, attributes);
							}

						});
				}
			};
		}

		@Bean
		ManagedEndpointCustomizer tokenInQuery() {
			return (registration) -> {
				if (registration.getName().equals("notificationsHandler")) {
					registration.addInterceptors(new TokenInterceptor());
				}
			};
		}

		static String queryParam(ServerHttpRequest request, String name) {
			return UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst(name);
		}

	}

	static class TokenInterceptor implements HandshakeInterceptor {

		@Override
		public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
				WebSocketHandler wsHandler, Map<String, Object> attributes) {
			if (!TOKEN.equals(TwoEndpointsApplication.queryParam(request, "token"))) {
				response.setStatusCode(HttpStatus.UNAUTHORIZED);
				return false;
			}
			return true;
		}

		@Override
		public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
				Exception exception) {
		}

	}

	static class PrefixingHandler extends TextWebSocketHandler {

		private final String prefix;

		PrefixingHandler(String prefix) {
			this.prefix = prefix;
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			session.sendMessage(new TextMessage(this.prefix + ": " + message.getPayload()));
		}

	}

}
