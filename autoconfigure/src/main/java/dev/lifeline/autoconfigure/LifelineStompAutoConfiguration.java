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

import dev.lifeline.actuate.endpoint.SessionDetails;
import dev.lifeline.observation.HandshakeObservationInterceptor;
import dev.lifeline.observation.MessageObservations;
import dev.lifeline.observation.WebSocketHandshakeObservationConvention;
import dev.lifeline.observation.WebSocketMessageObservationConvention;
import dev.lifeline.server.engine.HeartbeatService;
import dev.lifeline.server.engine.InboundBudget;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.server.handshake.SessionSlots;
import dev.lifeline.stomp.LifelineStompConfigurer;
import dev.lifeline.stomp.StompBrokerPostProcessor;
import dev.lifeline.stomp.StompEndpoints;
import dev.lifeline.stomp.StompMeterBinder;
import dev.lifeline.stomp.StompSessionTracker;
import dev.lifeline.stomp.StompUpgradeFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompBrokerRelayMessageHandler;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurationSupport;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that makes the WebSocket sessions of the application's STOMP
 * endpoints ({@code @EnableWebSocketMessageBroker}) Lifeline sessions, each path a
 * managed endpoint named after it, and gives a simple broker without a heart-beat
 * scheduler one.
 *
 * @author Lifeline contributors
 */
@AutoConfiguration(after = LifelineAutoConfiguration.class,
		afterName = { "org.springframework.boot.websocket.autoconfigure.servlet.WebSocketMessagingAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ WebSocketMessageBrokerConfigurer.class, SimpleBrokerMessageHandler.class })
@ConditionalOnBooleanProperty(name = StompBroker.ENABLED_PROPERTY, matchIfMissing = true)
@ConditionalOnBean({ SessionRegistry.class, WebSocketMessageBrokerConfigurationSupport.class })
@EnableConfigurationProperties(LifelineStompProperties.class)
public final class LifelineStompAutoConfiguration {

	/**
	 * Name of the task scheduler of Spring's STOMP broker configuration.
	 */
	private static final String BROKER_TASK_SCHEDULER = "messageBrokerTaskScheduler";

	@Bean
	@ConditionalOnMissingBean
	StompSessionTracker stompSessionTracker() {
		return new StompSessionTracker();
	}

	@Bean
	@ConditionalOnMissingBean
	StompEndpoints stompEndpoints(SessionRegistry sessions, SessionSlots slots,
			ObjectProvider<HeartbeatService> heartbeat, ObjectProvider<InboundBudget> inboundBudget,
			LifelineProperties properties, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<WebSocketHandshakeObservationConvention> handshakeObservationConvention,
			ObjectProvider<WebSocketMessageObservationConvention> messageObservationConvention) {
		properties.validate();
		LifelineProperties.RateLimit rateLimit = properties.getRateLimit();
		ObservationRegistry registry = observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP);
		boolean observeMessages = properties.getObservations().isMessages() && !registry.isNoop();
		StompEndpoints endpoints = new StompEndpoints(sessions, slots, heartbeat.getIfAvailable(),
				EndpointDefinitions.stompSettings(properties), (handler) -> {
					handler.setInboundBudget(inboundBudget.getIfAvailable());
					if (rateLimit.getMessagesPerSecond() != null) {
						handler.setRateLimit(rateLimit.getMessagesPerSecond(), rateLimit.determineBurst());
					}
					if (observeMessages) {
						handler.setMessageObserver(new MessageObservations(registry,
								messageObservationConvention.getIfUnique(), handler.getEndpoint().getName()));
					}
				}, properties.isCloseOnCredentialExpiry());
		endpoints.setFirstInterceptors((path) -> List.of(new HandshakeObservationInterceptor(registry,
				handshakeObservationConvention.getIfUnique(), path, properties.getObservations().isMessages())));
		return endpoints;
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "lifeline.per-message-deflate", havingValue = false, matchIfMissing = true)
	FilterRegistrationBean<StompUpgradeFilter> lifelineStompUpgradeFilter(ObjectProvider<StompEndpoints> endpoints) {
		FilterRegistrationBean<StompUpgradeFilter> registration = new FilterRegistrationBean<>(
				new StompUpgradeFilter(endpoints));
		registration.setName("lifelineStompUpgradeFilter");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE);
		return registration;
	}

	@Bean
	LifelineStompConfigurer lifelineStompConfigurer(StompEndpoints endpoints, StompSessionTracker tracker) {
		return new LifelineStompConfigurer(endpoints, tracker);
	}

	@Bean
	static StompBrokerPostProcessor lifelineStompBrokerPostProcessor(ObjectProvider<StompEndpoints> endpoints,
			ObjectProvider<LifelineStompProperties> properties, BeanFactory beanFactory) {
		return new StompBrokerPostProcessor(endpoints, () -> {
			LifelineStompProperties.Heartbeat heartbeat = properties.getObject().getHeartbeat();
			heartbeat.validate();
			return StompBrokerPostProcessor.heartbeatValue(heartbeat.getOutgoing(), heartbeat.getIncoming());
		}, () -> beanFactory.containsBean(BROKER_TASK_SCHEDULER)
				? beanFactory.getBean(BROKER_TASK_SCHEDULER, TaskScheduler.class) : null);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterRegistry.class, MeterBinder.class })
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		StompMeterBinder stompMeterBinder(StompSessionTracker tracker, ListableBeanFactory beanFactory) {
			return new StompMeterBinder(tracker, () -> {
				Map<String, ThreadPoolTaskExecutor> executors = new LinkedHashMap<>();
				channelExecutor(beanFactory, "clientInboundChannelExecutor")
					.ifPresent((executor) -> executors.put("inbound", executor));
				channelExecutor(beanFactory, "clientOutboundChannelExecutor")
					.ifPresent((executor) -> executors.put("outbound", executor));
				return executors;
			}, () -> beanFactory.getBeanProvider(AbstractBrokerMessageHandler.class)
				.stream()
				.filter(StompBrokerRelayMessageHandler.class::isInstance)
				.map(StompBrokerRelayMessageHandler.class::cast)
				.findFirst()
				.orElse(null));
		}

		private static Optional<ThreadPoolTaskExecutor> channelExecutor(ListableBeanFactory beanFactory, String name) {
			return (beanFactory.containsBean(name)
					&& beanFactory.getBean(name) instanceof ThreadPoolTaskExecutor executor) ? Optional.of(executor)
							: Optional.empty();
		}

	}

	/**
	 * The STOMP user and the number of subscriptions of each session, in the
	 * {@code websocket} actuator endpoint.
	 */
	@Bean
	@ConditionalOnMissingBean
	SessionDetails stompSessionDetails(StompSessionTracker tracker) {
		return (session, showValues) -> {
			if (!tracker.isConnected(session.getId())) {
				return null;
			}
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("protocol", "STOMP");
			String user = tracker.getUser(session.getId());
			details.put("user", (user == null || showValues) ? user : "******");
			details.put("subscriptions", tracker.getSubscriptionCount(session.getId()));
			return details;
		};
	}

}
