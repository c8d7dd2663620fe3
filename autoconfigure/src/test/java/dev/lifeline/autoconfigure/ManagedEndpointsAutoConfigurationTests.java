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

package dev.lifeline.autoconfigure;

import dev.lifeline.server.ManagedEndpoint;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.engine.LifelineWebSocketHandler;
import dev.lifeline.server.handshake.HandshakeGuard;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.AbstractHandshakeHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for the managed endpoints of {@link LifelineAutoConfiguration}:
 * {@code lifeline.endpoints} and {@link ManagedEndpointCustomizer}.
 */
class ManagedEndpointsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LifelineAutoConfiguration.class));

	@Test
	void mapsEachConfiguredHandlerAtItsPath() {
		this.contextRunner.withUserConfiguration(ChatAndNotifications.class)
			.withPropertyValues("lifeline.endpoints.chatHandler.path=/chat",
					"lifeline.endpoints.notificationsHandler.path=/notifications")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(mapping(context).getUrlMap()).containsOnlyKeys("/chat", "/notifications");
				assertThat(handler(context, "/chat").getDelegate()).isSameAs(context.getBean("chatHandler"));
				assertThat(handler(context, "/notifications").getDelegate())
					.isSameAs(context.getBean("notificationsHandler"));
				assertThat(context.getBean(WebSocketSessions.class).getEndpoints())
					.extracting(ManagedEndpoint::getName, ManagedEndpoint::getPath)
					.containsExactly(tuple("chatHandler", "/chat"), tuple("notificationsHandler", "/notifications"));
			});
	}

	@Test
	void endpointSettingsOverrideAndInheritLifelineProperties() {
		this.contextRunner.withUserConfiguration(ChatAndNotifications.class)
			.withPropertyValues("lifeline.max-sessions=500", "lifeline.max-text-message-size=32KB",
					"lifeline.max-binary-message-size=8KB", "lifeline.endpoints.chatHandler.path=/chat",
					"lifeline.endpoints.chatHandler.max-sessions=20",
					"lifeline.endpoints.chatHandler.max-text-message-size=1KB",
					"lifeline.endpoints.notificationsHandler.path=/notifications")
			.run((context) -> {
				ManagedEndpoint chat = handler(context, "/chat").getEndpoint();
				assertThat(chat.getSettings().maxSessions()).isEqualTo(20);
				assertThat(chat.getSettings().maxTextMessageSize()).isEqualTo(DataSize.ofKilobytes(1));
				assertThat(chat.getSettings().maxBinaryMessageSize()).isEqualTo(DataSize.ofKilobytes(8));
				ManagedEndpoint notifications = handler(context, "/notifications").getEndpoint();
				assertThat(notifications.getSettings().maxSessions()).isEqualTo(500);
				assertThat(notifications.getSettings().maxTextMessageSize()).isEqualTo(DataSize.ofKilobytes(32));
				assertThat(context.getBean(WebSocketSessions.class).getSettings().maxSessions()).isEqualTo(520);
			});
	}

	@Test
	void endpointWithoutPathUsesLifelinePath() {
		this.contextRunner.withUserConfiguration(ChatAndNotifications.class)
			.withPropertyValues("lifeline.path=/live", "lifeline.endpoints.chatHandler.max-sessions=3")
			.run((context) -> {
				assertThat(mapping(context).getUrlMap()).containsOnlyKeys("/live");
				assertThat(handler(context, "/live").getDelegate()).isSameAs(context.getBean("chatHandler"));
			});
	}

	@Test
	void twoEndpointsOnOnePathFailWithReportNamingBoth() {
		this.contextRunner.withUserConfiguration(ChatAndNotifications.class)
			.withPropertyValues("lifeline.endpoints.chatHandler.path=/live",
					"lifeline.endpoints.notificationsHandler.path=/live")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
					.isInstanceOf(WebSocketPathConflictException.class);
				FailureAnalysis analysis = new WebSocketPathConflictFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'/live'", "Lifeline endpoint 'chatHandler'",
						"Lifeline endpoint 'notificationsHandler'", "lifeline.endpoints.notificationsHandler.path");
				assertThat(analysis.getAction()).contains("lifeline.endpoints.<handler-bean-name>.path");
			});
	}

	@Test
	void endpointPathMappedElsewhereFailsWithReportNamingBoth() {
		this.contextRunner.withUserConfiguration(ChatAndNotifications.class, ConfigurerOnChat.class)
			.withPropertyValues("lifeline.endpoints.chatHandler.path=/chat",
					"lifeline.endpoints.notificationsHandler.path=/notifications")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
					.isInstanceOf(WebSocketPathConflictException.class);
				FailureAnalysis analysis = new WebSocketPathConflictFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'/chat'", "Lifeline endpoint 'chatHandler'",
						"handler mapping 'webSocketHandlerMapping' maps '/chat'");
			});
	}

	@Test
	void endpointNamingNoHandlerFailsWithMessage() {
		this.contextRunner.withUserConfiguration(ChatAndNotifications.class)
			.withPropertyValues("lifeline.endpoints.chatHandler.path=/chat", "lifeline.endpoints.chat.path=/other")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("lifeline.endpoints.chat")
					.hasMessageContaining("no application WebSocketHandler bean named 'chat'")
					.hasMessageContaining("chatHandler")
					.hasMessageContaining("notificationsHandler");
			});
	}

	@Test
	void invalidEndpointValuesFailWithMessage() {
		assertInvalid("lifeline.endpoints.chatHandler.path=chat", "lifeline.endpoints.chatHandler.path");
		assertInvalid("lifeline.endpoints.chatHandler.max-sessions=0", "lifeline.endpoints.chatHandler.max-sessions");
		assertInvalid("lifeline.endpoints.chatHandler.max-text-message-size=0B",
				"lifeline.endpoints.chatHandler.max-text-message-size");
		assertInvalid("lifeline.endpoints.chatHandler.subprotocols=chat v1",
				"lifeline.endpoints.chatHandler.subprotocols");
	}

	private void assertInvalid(String property, String name) {
		this.contextRunner.withUserConfiguration(ChatAndNotifications.class)
			.withPropertyValues(property, "lifeline.endpoints.notificationsHandler.path=/notifications")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining(name);
			});
	}

	@Test
	void customizersAddInterceptorsInOrderAfterLifelinesOwn() {
		this.contextRunner.withUserConfiguration(ChatAndNotifications.class, Customizers.class)
			.withPropertyValues("lifeline.endpoints.chatHandler.path=/chat",
					"lifeline.endpoints.notificationsHandler.path=/notifications")
			.run((context) -> {
				List<HandshakeInterceptor> chat = requestHandler(context, "/chat").getHandshakeInterceptors();
				assertThat(chat.subList(chat.size() - 2, chat.size())).containsExactly(
						context.getBean("firstInterceptor", HandshakeInterceptor.class),
						context.getBean("chatOnlyInterceptor", HandshakeInterceptor.class));
				assertThat(chat.get(1)).isInstanceOf(HandshakeGuard.class);
				List<HandshakeInterceptor> notifications = requestHandler(context, "/notifications")
					.getHandshakeInterceptors();
				assertThat(notifications).contains(context.getBean("firstInterceptor", HandshakeInterceptor.class))
					.doesNotContain(context.getBean("chatOnlyInterceptor", HandshakeInterceptor.class));
				assertThat(context.getBean(Customizers.class).seen).containsExactly("first:chatHandler",
						"chat:chatHandler", "first:notificationsHandler", "chat:notificationsHandler");
			});
	}

	@Test
	void customizerSetsHandshakeHandlerOfOneEndpoint() {
		this.contextRunner.withUserConfiguration(ChatAndNotifications.class, HandshakeHandlerCustomizer.class)
			.withPropertyValues("lifeline.endpoints.chatHandler.path=/chat",
					"lifeline.endpoints.notificationsHandler.path=/notifications",
					"lifeline.endpoints.chatHandler.subprotocols=chat.v2,chat.v1")
			.run((context) -> {
				assertThat(requestHandler(context, "/chat").getHandshakeHandler())
					.isInstanceOf(PrincipalFromQuery.class);
				assertThat(((AbstractHandshakeHandler) requestHandler(context, "/chat").getHandshakeHandler())
					.getSupportedProtocols()).containsExactly("chat.v2", "chat.v1");
				assertThat(requestHandler(context, "/notifications").getHandshakeHandler())
					.isNotInstanceOf(PrincipalFromQuery.class);
			});
	}

	@Test
	void subprotocolsAreOfferedByLifelinesHandshakeHandler() {
		this.contextRunner.withUserConfiguration(ChatAndNotifications.class)
			.withPropertyValues("lifeline.endpoints.chatHandler.path=/chat",
					"lifeline.endpoints.chatHandler.subprotocols=chat.v1",
					"lifeline.endpoints.notificationsHandler.path=/notifications")
			.run((context) -> {
				assertThat(((AbstractHandshakeHandler) requestHandler(context, "/chat").getHandshakeHandler())
					.getSupportedProtocols()).containsExactly("chat.v1");
				assertThat(((AbstractHandshakeHandler) requestHandler(context, "/notifications").getHandshakeHandler())
					.getSupportedProtocols()).isEmpty();
			});
	}

	private static WebSocketHandlerMapping mapping(ApplicationContext context) {
		return context.getBean(LifelineAutoConfiguration.HANDLER_MAPPING_BEAN_NAME, WebSocketHandlerMapping.class);
	}

	private static WebSocketHttpRequestHandler requestHandler(ApplicationContext context, String path) {
		return (WebSocketHttpRequestHandler) mapping(context).getUrlMap().get(path);
	}

	private static LifelineWebSocketHandler handler(ApplicationContext context, String path) {
		return LifelineAutoConfigurationTests.managedHandler(context, path);
	}

	@Configuration(proxyBeanMethods = false)
	static class ChatAndNotifications {

		@Bean
		TextWebSocketHandler chatHandler() {
			return new TextWebSocketHandler();
		}

		@Bean
		BinaryWebSocketHandler notificationsHandler() {
			return new BinaryWebSocketHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class ConfigurerOnChat implements WebSocketConfigurer {

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(new TextWebSocketHandler() {
			}, "/chat");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Customizers {

		final List<String> seen = new ArrayList<>();

		@Bean
		HandshakeInterceptor firstInterceptor() {
			return new NoOpInterceptor();
		}

		@Bean
		HandshakeInterceptor chatOnlyInterceptor() {
			return new NoOpInterceptor();
		}

		@Bean
		@Order(2)
		ManagedEndpointCustomizer chatCustomizer(Map<String, HandshakeInterceptor> interceptors) {
			return (registration) -> {
				this.seen.add("chat:" + registration.getName());
				if (registration.getName().equals("chatHandler")) {
					registration.addInterceptors(interceptors.get("chatOnlyInterceptor"));
				}
			};
		}

		@Bean
		@Order(1)
		ManagedEndpointCustomizer firstCustomizer(Map<String, HandshakeInterceptor> interceptors) {
			return (registration) -> {
				this.seen.add("first:" + registration.getName());
				registration.addInterceptors(interceptors.get("firstInterceptor"));
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HandshakeHandlerCustomizer {

		@Bean
		ManagedEndpointCustomizer principalCustomizer() {
			return (registration) -> {
				if (registration.getName().equals("chatHandler")) {
					registration.setHandshakeHandler(new PrincipalFromQuery(registration));
				}
			};
		}

	}

	static class PrincipalFromQuery extends DefaultHandshakeHandler {

		PrincipalFromQuery(ManagedEndpointRegistration registration) {
			super(registration.getRequestUpgradeStrategy());
		}

		@Override
		protected Principal determineUser(ServerHttpRequest request, WebSocketHandler wsHandler,
				Map<String, Object> attributes) {
			return () -> "demo";
		}

	}

	static class NoOpInterceptor implements HandshakeInterceptor {

		@Override
		public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
				WebSocketHandler wsHandler, Map<String, Object> attributes) {
			return true;
		}

		@Override
		public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
				Exception exception) {
		}

	}

}
