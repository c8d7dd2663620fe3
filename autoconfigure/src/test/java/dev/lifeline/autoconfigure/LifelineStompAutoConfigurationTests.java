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

import dev.lifeline.observation.HandshakeObservationInterceptor;
import dev.lifeline.server.ManagedEndpoint;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.server.handshake.HandshakeGuard;
import dev.lifeline.stomp.StompEndpoints;
import dev.lifeline.test.EchoTestApplication.EchoHandler;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.websocket.autoconfigure.servlet.WebSocketMessagingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LifelineStompAutoConfiguration}: what an application with STOMP
 * endpoints gets from Lifeline, and what it keeps.
 */
@ExtendWith(OutputCaptureExtension.class)
class LifelineStompAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LifelineAutoConfiguration.class, LifelineStompAutoConfiguration.class,
				WebSocketMessagingAutoConfiguration.class));

	@Test
	void stompEndpointIsManagedWithoutAnyHandlerOfTheApplication() {
		this.contextRunner.withUserConfiguration(Stomp.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(StompEndpoints.class);
			WebSocketSessions sessions = context.getBean(WebSocketSessions.class);
			assertThat(sessions.getEndpoints()).extracting(ManagedEndpoint::getName).containsExactly("/stomp");
			assertThat(sessions.getEndpoints().get(0).getPath()).isEqualTo("/stomp");
			WebSocketHttpRequestHandler handler = (WebSocketHttpRequestHandler) context
				.getBean("stompWebSocketHandlerMapping", WebSocketHandlerMapping.class)
				.getUrlMap()
				.get("/stomp");
			assertThat(handler.getHandshakeInterceptors()).element(0)
				.isInstanceOf(HandshakeObservationInterceptor.class);
			assertThat(handler.getHandshakeInterceptors()).element(1).isInstanceOf(HandshakeGuard.class);
			assertThat(context.getBean(SessionRegistry.class).getSettings().maxSessions()).isEqualTo(10000);
		});
	}

	@Test
	void plainHandlerAndStompEndpointLiveTogether() {
		this.contextRunner.withUserConfiguration(Stomp.class, Plain.class).run((context) -> {
			assertThat(context).hasNotFailed();
			WebSocketSessions sessions = context.getBean(WebSocketSessions.class);
			assertThat(sessions.getEndpoints()).extracting(ManagedEndpoint::getName)
				.containsExactly("/stomp", "echoHandler");
			assertThat(context.getBean(SessionRegistry.class).getSettings().maxSessions()).isEqualTo(20000);
		});
	}

	@Test
	void simpleBrokerWithoutSchedulerGetsHeartBeatsFromProperties() {
		this.contextRunner.withUserConfiguration(Stomp.class)
			.withPropertyValues("lifeline.stomp.heartbeat.outgoing=5s", "lifeline.stomp.heartbeat.incoming=0s")
			.run((context) -> {
				SimpleBrokerMessageHandler broker = context.getBean(SimpleBrokerMessageHandler.class);
				assertThat(broker.getTaskScheduler()).isSameAs(context.getBean("messageBrokerTaskScheduler"));
				assertThat(broker.getHeartbeatValue()).containsExactly(5000, 0);
			});
	}

	@Test
	void sockJsEndpointIsNamedAtStartupAsUnmanaged(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(StompWithSockJs.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(WebSocketSessions.class).getEndpoints()).extracting(ManagedEndpoint::getName)
				.containsExactly("/stomp");
			assertThat(output).containsOnlyOnce("Unmanaged WebSocket endpoint")
				.contains("maps '/sockjs/**' to org.springframework.web.socket.sockjs.support.SockJsHttpRequestHandler",
						"get no heartbeat, cleanup or metrics")
				.doesNotContain("maps '/stomp'");
		});
	}

	@Test
	void disabledLeavesStompAlone() {
		this.contextRunner.withUserConfiguration(Stomp.class)
			.withPropertyValues("lifeline.stomp.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(WebSocketSessions.class);
				assertThat(context).doesNotHaveBean(StompEndpoints.class);
				assertThat(context.getBean(SimpleBrokerMessageHandler.class).getHeartbeatValue()).isNull();
			});
	}

	@Test
	void disabledWithPlainHandlerManagesOnlyThePlainHandler() {
		this.contextRunner.withUserConfiguration(Stomp.class, Plain.class)
			.withPropertyValues("lifeline.stomp.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(StompEndpoints.class);
				assertThat(context.getBean(WebSocketSessions.class).getEndpoints()).extracting(ManagedEndpoint::getName)
					.containsExactly("echoHandler");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	static class Stomp implements WebSocketMessageBrokerConfigurer {

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/topic");
		}

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/stomp");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	static class StompWithSockJs implements WebSocketMessageBrokerConfigurer {

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/topic");
		}

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/stomp");
			registry.addEndpoint("/sockjs").withSockJS();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Plain {

		@Bean
		EchoHandler echoHandler() {
			return new EchoHandler();
		}

	}

}
