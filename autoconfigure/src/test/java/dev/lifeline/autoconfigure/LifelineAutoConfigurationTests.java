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

import dev.lifeline.server.OverflowStrategy;
import dev.lifeline.server.SessionSettings;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.engine.ConnectionCleanupListener;
import dev.lifeline.server.engine.CredentialExpiry;
import dev.lifeline.server.engine.HeartbeatService;
import dev.lifeline.server.engine.InboundBudget;
import dev.lifeline.server.engine.LifelineWebSocketHandler;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.server.handshake.SessionSlots;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.support.HttpSessionHandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LifelineAutoConfiguration}.
 */
class LifelineAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LifelineAutoConfiguration.class));

	@Test
	void backsOffWithoutHandlerBean() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(WebSocketSessions.class);
			assertThat(context).doesNotHaveBean(LifelineWebSocketHandler.class);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withUserConfiguration(OneHandler.class)
			.withPropertyValues("lifeline.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(WebSocketSessions.class);
			});
	}

	@Test
	void backsOffInNonWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LifelineAutoConfiguration.class))
			.withUserConfiguration(OneHandler.class)
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketSessions.class));
	}

	@Test
	void mapsSingleHandler() {
		this.contextRunner.withUserConfiguration(OneHandler.class).run((context) -> {
			assertThat(context).hasSingleBean(WebSocketSessions.class);
			assertThat(context).hasSingleBean(HeartbeatService.class);
			assertThat(context).hasSingleBean(ConnectionCleanupListener.class);
			assertThat(context).hasSingleBean(UpgradePathVerifier.class);
			LifelineWebSocketHandler handler = managedHandler(context, "/ws");
			assertThat(handler.getDelegate()).isSameAs(context.getBean("chatHandler"));
			assertThat(handler.getEndpoint().getName()).isEqualTo("chatHandler");
			assertThat(handler.getEndpoint().getPath()).isEqualTo("/ws");
			assertThat(context.getBean(WebSocketSessions.class).getEndpoints()).singleElement()
				.isSameAs(handler.getEndpoint());
			WebSocketHandlerMapping mapping = context.getBean(LifelineAutoConfiguration.HANDLER_MAPPING_BEAN_NAME,
					WebSocketHandlerMapping.class);
			assertThat(mapping.getUrlMap()).containsOnlyKeys("/ws");
		});
	}

	@Test
	void mapsHandlerAtConfiguredPath() {
		this.contextRunner.withUserConfiguration(OneHandler.class)
			.withPropertyValues("lifeline.path=/live")
			.run((context) -> assertThat(
					context.getBean(LifelineAutoConfiguration.HANDLER_MAPPING_BEAN_NAME, WebSocketHandlerMapping.class)
						.getUrlMap())
				.containsOnlyKeys("/live"));
	}

	@Test
	void primaryHandlerIsChosenAmongSeveral() {
		this.contextRunner.withUserConfiguration(TwoHandlersOnePrimary.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(managedHandler(context, "/ws").getDelegate()).isSameAs(context.getBean("primaryHandler"));
		});
	}

	@Test
	void severalHandlersWithoutPrimaryFailWithReport() {
		this.contextRunner.withUserConfiguration(TwoHandlers.class).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(failure).rootCause().isInstanceOf(MultipleWebSocketHandlersException.class);
			FailureAnalysis analysis = new MultipleWebSocketHandlersFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("firstHandler", "secondHandler", "'/ws'");
			assertThat(analysis.getAction()).contains("@Primary", "lifeline:\n", "endpoints:\n", "firstHandler:\n",
					"path: /first\n", "secondHandler:\n", "path: /second\n");
		});
	}

	@Test
	void stompApplicationGetsTheRegistryWithoutAHandlerOfItsOwn() {
		this.contextRunner.withUserConfiguration(StompApplication.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(WebSocketSessions.class);
			assertThat(context).hasBean("subProtocolWebSocketHandler");
		});
	}

	@Test
	void stompApplicationIsLeftAloneWhenStompIsDisabled() {
		this.contextRunner.withUserConfiguration(StompApplication.class)
			.withPropertyValues("lifeline.stomp.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(WebSocketSessions.class);
				assertThat(context).hasBean("subProtocolWebSocketHandler");
			});
	}

	@Test
	void secondRegistrationOfManagedPathFailsWithReport() {
		this.contextRunner.withUserConfiguration(OneHandler.class, ConfigurerOnManagedPath.class).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
				.isInstanceOf(WebSocketPathConflictException.class);
			FailureAnalysis analysis = new WebSocketPathConflictFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("'/ws'", "webSocketHandlerMapping");
			assertThat(analysis.getAction()).contains("lifeline.path");
		});
	}

	@Test
	void registrationOnOtherPathIsAllowed() {
		this.contextRunner.withUserConfiguration(OneHandler.class, ConfigurerOnOtherPath.class)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(WebSocketSessions.class));
	}

	@Test
	void heartbeatCanBeDisabled() {
		this.contextRunner.withUserConfiguration(OneHandler.class)
			.withPropertyValues("lifeline.heartbeat.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(HeartbeatService.class);
			});
	}

	@Nested
	class Properties {

		@Test
		void bindDurationsAndSizes() {
			LifelineAutoConfigurationTests.this.contextRunner.withUserConfiguration(OneHandler.class)
				.withPropertyValues("lifeline.heartbeat.interval=5s", "lifeline.heartbeat.timeout=1500ms",
						"lifeline.max-text-message-size=1MB", "lifeline.max-binary-message-size=2MB",
						"lifeline.send-time-limit=3s", "lifeline.send-buffer-size-limit=128KB",
						"lifeline.overflow-strategy=drop", "lifeline.max-sessions=7",
						"lifeline.allowed-origins=https://a.example")
				.run((context) -> {
					LifelineProperties properties = context.getBean(LifelineProperties.class);
					assertThat(properties.getHeartbeat().getInterval()).isEqualTo(Duration.ofSeconds(5));
					assertThat(properties.getHeartbeat().getTimeout()).isEqualTo(Duration.ofMillis(1500));
					assertThat(properties.getAllowedOrigins()).containsExactly("https://a.example");
					SessionSettings settings = context.getBean(WebSocketSessions.class).getSettings();
					assertThat(settings.maxTextMessageSize()).isEqualTo(DataSize.ofMegabytes(1));
					assertThat(settings.maxBinaryMessageSize()).isEqualTo(DataSize.ofMegabytes(2));
					assertThat(settings.sendTimeLimit()).isEqualTo(Duration.ofSeconds(3));
					assertThat(settings.sendBufferSizeLimit()).isEqualTo(DataSize.ofKilobytes(128));
					assertThat(settings.overflowStrategy()).isEqualTo(OverflowStrategy.DROP);
					assertThat(settings.maxSessions()).isEqualTo(7);
					HeartbeatService heartbeat = context.getBean(HeartbeatService.class);
					assertThat(heartbeat.getInterval()).isEqualTo(Duration.ofSeconds(5));
				});
		}

		@Test
		void bindAbuseLimits() {
			LifelineAutoConfigurationTests.this.contextRunner.withUserConfiguration(OneHandler.class)
				.withPropertyValues("lifeline.max-sessions-per-user=3", "lifeline.max-sessions-per-address=20",
						"lifeline.max-pending-inbound=16MB", "lifeline.rate-limit.messages-per-second=2.5",
						"lifeline.close-on-credential-expiry=false")
				.run((context) -> {
					LifelineProperties properties = context.getBean(LifelineProperties.class);
					assertThat(properties.getMaxSessionsPerUser()).isEqualTo(3);
					assertThat(properties.getMaxSessionsPerAddress()).isEqualTo(20);
					assertThat(properties.getRateLimit().getMessagesPerSecond()).isEqualTo(2.5);
					assertThat(properties.getRateLimit().determineBurst()).isEqualTo(3);
					assertThat(context.getBean(InboundBudget.class).getLimit())
						.isEqualTo(DataSize.ofMegabytes(16).toBytes());
					assertThat(context).doesNotHaveBean(CredentialExpiry.class);
				});
		}

		@Test
		void abuseLimitDefaults() {
			LifelineProperties properties = new LifelineProperties();
			assertThat(properties.getMaxSessionsPerUser()).isNull();
			assertThat(properties.getMaxSessionsPerAddress()).isNull();
			assertThat(properties.getMaxPendingInbound()).isEqualTo(DataSize.ofMegabytes(64));
			assertThat(properties.getRateLimit().getMessagesPerSecond()).isNull();
			assertThat(properties.isCloseOnCredentialExpiry()).isTrue();
		}

		@Test
		void credentialExpiryIsOnByDefault() {
			LifelineAutoConfigurationTests.this.contextRunner.withUserConfiguration(OneHandler.class).run((context) -> {
				assertThat(context).hasSingleBean(CredentialExpiry.class);
				assertThat(context).hasSingleBean(SessionSlots.class);
				WebSocketHttpRequestHandler requestHandler = (WebSocketHttpRequestHandler) context
					.getBean(LifelineAutoConfiguration.HANDLER_MAPPING_BEAN_NAME, WebSocketHandlerMapping.class)
					.getUrlMap()
					.get("/ws");
				assertThat(requestHandler.getHandshakeInterceptors())
					.hasAtLeastOneElementOfType(HttpSessionHandshakeInterceptor.class);
			});
		}

		@Test
		void zeroRateLimitFailsWithMessage() {
			assertInvalid("lifeline.rate-limit.messages-per-second=0", "lifeline.rate-limit.messages-per-second");
		}

		@Test
		void zeroSessionsPerAddressFailsWithMessage() {
			assertInvalid("lifeline.max-sessions-per-address=0", "lifeline.max-sessions-per-address");
		}

		@Test
		void zeroHeartbeatIntervalFailsWithMessage() {
			assertInvalid("lifeline.heartbeat.interval=0s", "lifeline.heartbeat.interval");
		}

		@Test
		void negativeHeartbeatTimeoutFailsWithMessage() {
			assertInvalid("lifeline.heartbeat.timeout=-1s", "lifeline.heartbeat.timeout");
		}

		@Test
		void zeroMaxSessionsFailsWithMessage() {
			assertInvalid("lifeline.max-sessions=0", "lifeline.max-sessions");
		}

		@Test
		void zeroMessageSizeFailsWithMessage() {
			assertInvalid("lifeline.max-text-message-size=0B", "lifeline.max-text-message-size");
		}

		@Test
		void pathWithoutSlashFailsWithMessage() {
			assertInvalid("lifeline.path=ws", "lifeline.path");
		}

		@Test
		void unparsableDurationFails() {
			LifelineAutoConfigurationTests.this.contextRunner.withUserConfiguration(OneHandler.class)
				.withPropertyValues("lifeline.send-time-limit=soon")
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.hasStackTraceContaining("lifeline.send-time-limit"));
		}

		private void assertInvalid(String property, String name) {
			LifelineAutoConfigurationTests.this.contextRunner.withUserConfiguration(OneHandler.class)
				.withPropertyValues(property)
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause()
						.isInstanceOf(InvalidConfigurationPropertyValueException.class)
						.hasMessageContaining(name);
				});
		}

	}

	@Nested
	class UserBeans {

		@Test
		void userBeansReplaceLifelineBeans() {
			LifelineAutoConfigurationTests.this.contextRunner.withUserConfiguration(OneHandler.class, CustomBeans.class)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(WebSocketSessions.class)).isSameAs(context.getBean("customSessions"));
					assertThat(context.getBean(HeartbeatService.class)).isSameAs(context.getBean("customHeartbeat"));
					assertThat(context.getBean(ConnectionCleanupListener.class))
						.isSameAs(context.getBean("customCleanup"));
					assertThat(context.getBean(UpgradePathVerifier.class)).isSameAs(context.getBean("customVerifier"));
				});
		}

		@Test
		void userHandlerMappingReplacesLifelineMapping() {
			LifelineAutoConfigurationTests.this.contextRunner
				.withUserConfiguration(OneHandler.class, CustomMapping.class)
				.run((context) -> assertThat(context
					.getBean(LifelineAutoConfiguration.HANDLER_MAPPING_BEAN_NAME, WebSocketHandlerMapping.class)
					.getUrlMap()).isEmpty());
		}

	}

	static LifelineWebSocketHandler managedHandler(ApplicationContext context, String path) {
		WebSocketHandlerMapping mapping = context.getBean(LifelineAutoConfiguration.HANDLER_MAPPING_BEAN_NAME,
				WebSocketHandlerMapping.class);
		WebSocketHttpRequestHandler requestHandler = (WebSocketHttpRequestHandler) mapping.getUrlMap().get(path);
		assertThat(requestHandler).as("handler at " + path).isNotNull();
		WebSocketHandler handler = requestHandler.getWebSocketHandler();
		while (!(handler instanceof LifelineWebSocketHandler)
				&& handler instanceof WebSocketHandlerDecorator decorator) {
			handler = decorator.getDelegate();
		}
		return (LifelineWebSocketHandler) handler;
	}

	@Configuration(proxyBeanMethods = false)
	static class OneHandler {

		@Bean
		TextWebSocketHandler chatHandler() {
			return new TextWebSocketHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoHandlers {

		@Bean
		TextWebSocketHandler firstHandler() {
			return new TextWebSocketHandler();
		}

		@Bean
		TextWebSocketHandler secondHandler() {
			return new TextWebSocketHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoHandlersOnePrimary {

		@Bean
		@Primary
		TextWebSocketHandler primaryHandler() {
			return new TextWebSocketHandler();
		}

		@Bean
		TextWebSocketHandler otherHandler() {
			return new TextWebSocketHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	static class StompApplication implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/ws");
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/topic");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class ConfigurerOnManagedPath implements WebSocketConfigurer {

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(new TextWebSocketHandler(), "/ws");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class ConfigurerOnOtherPath implements WebSocketConfigurer {

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(new TextWebSocketHandler(), "/legacy");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomBeans {

		@Bean
		SessionRegistry customSessions() {
			return new SessionRegistry(new SessionSettings(5, DataSize.ofKilobytes(1), DataSize.ofKilobytes(1),
					Duration.ofSeconds(1), DataSize.ofKilobytes(1), OverflowStrategy.TERMINATE, Duration.ofSeconds(1),
					Duration.ofSeconds(1), Duration.ofSeconds(1)), List::of, null);
		}

		@Bean
		HeartbeatService customHeartbeat(SessionRegistry sessions) {
			return new HeartbeatService(sessions, Duration.ofSeconds(1), Duration.ofSeconds(1));
		}

		@Bean
		ConnectionCleanupListener customCleanup(SessionRegistry sessions) {
			return new ConnectionCleanupListener(sessions, Duration.ofSeconds(1));
		}

		@Bean
		UpgradePathVerifier customVerifier(ListableBeanFactory beanFactory) {
			return new UpgradePathVerifier(beanFactory, "/ws", LifelineAutoConfiguration.HANDLER_MAPPING_BEAN_NAME);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomMapping {

		@Bean(LifelineAutoConfiguration.HANDLER_MAPPING_BEAN_NAME)
		WebSocketHandlerMapping customMapping() {
			return new WebSocketHandlerMapping();
		}

	}

}
