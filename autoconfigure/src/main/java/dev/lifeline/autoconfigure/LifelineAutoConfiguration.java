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
import dev.lifeline.observation.MessageObservations;
import dev.lifeline.observation.WebSocketHandshakeObservationConvention;
import dev.lifeline.observation.WebSocketMessageObservationConvention;
import dev.lifeline.server.ManagedEndpoint;
import dev.lifeline.server.SessionLifecycleListener;
import dev.lifeline.server.engine.ConnectionCleanupListener;
import dev.lifeline.server.engine.CredentialExpiry;
import dev.lifeline.server.engine.HeartbeatService;
import dev.lifeline.server.engine.InboundBudget;
import dev.lifeline.server.engine.LifelineWebSocketHandler;
import dev.lifeline.server.engine.SessionDrain;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.server.handshake.HandshakeGuard;
import dev.lifeline.server.handshake.PrincipalSlotUpgradeStrategy;
import dev.lifeline.server.handshake.ResumeProtocolUpgradeStrategy;
import dev.lifeline.server.handshake.SessionSlots;
import dev.lifeline.server.handshake.WithoutPerMessageDeflateUpgradeStrategy;
import dev.lifeline.server.relay.SessionRelay;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.support.AbstractHandshakeHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.HttpSessionHandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for Lifeline's managed WebSocket endpoints: maps the application's
 * {@link WebSocketHandler} beans, each at its own path ({@code lifeline.endpoints}, or
 * the only handler at {@code lifeline.path}) behind a handshake guard, with a session
 * registry, a heartbeat and a cleanup listener. Handshakes, and messages when
 * {@code lifeline.observations.messages} is set, are observed through the application's
 * {@link ObservationRegistry}, if any.
 *
 * @author Lifeline contributors
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ WebSocketHandler.class, WebSocketHandlerMapping.class })
@ConditionalOnBooleanProperty(name = "lifeline.enabled", matchIfMissing = true)
@Conditional(OnApplicationWebSocketHandlerCondition.class)
@EnableConfigurationProperties(LifelineProperties.class)
public final class LifelineAutoConfiguration {

	/**
	 * Name of the handler mapping bean for the managed path.
	 */
	public static final String HANDLER_MAPPING_BEAN_NAME = "lifelineWebSocketHandlerMapping";

	private static final Log logger = LogFactory.getLog(LifelineAutoConfiguration.class);

	/**
	 * Idle cut-off of common proxies and load balancers (nginx proxy_read_timeout, AWS
	 * ALB idle timeout).
	 */
	private static final Duration PROXY_IDLE_TIMEOUT = Duration.ofSeconds(60);

	@Bean
	EndpointDefinitions lifelineEndpointDefinitions(ConfigurableListableBeanFactory beanFactory,
			LifelineProperties properties, Environment environment) {
		return EndpointDefinitions.resolve(beanFactory, properties, StompBroker.isManaged(beanFactory, environment));
	}

	@Bean
	@ConditionalOnMissingBean
	SessionRegistry webSocketSessions(EndpointDefinitions definitions, LifelineProperties properties,
			ObjectProvider<SessionLifecycleListener> listeners, ObjectProvider<SessionRelay> relay,
			ApplicationEventPublisher eventPublisher) {
		SessionRegistry sessions = new SessionRegistry(definitions.registrySettings(),
				() -> listeners.orderedStream().toList(), eventPublisher);
		for (EndpointDefinitions.Definition definition : definitions.list()) {
			sessions.addEndpoint(definition.name(), definition.path(), definition.settings());
		}
		sessions.setRelayProvider(relay::getIfAvailable);
		sessions.setMaxGroupsPerSession(properties.getMaxGroupsPerSession());
		if (properties.getResume().isEnabled()) {
			properties.validate();
			sessions.resumable().start(properties.getResume().toSettings());
		}
		return sessions;
	}

	@Bean
	@ConditionalOnMissingBean
	SessionDrain webSocketSessionDrain(SessionRegistry sessions) {
		return new SessionDrain(sessions);
	}

	@Bean
	@ConditionalOnMissingBean
	ConnectionCleanupListener connectionCleanupListener(SessionRegistry sessions, LifelineProperties properties) {
		return new ConnectionCleanupListener(sessions, properties.getCleanupInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "lifeline.heartbeat.enabled", matchIfMissing = true)
	HeartbeatService heartbeatService(SessionRegistry sessions, LifelineProperties properties) {
		properties.validate();
		LifelineProperties.Heartbeat heartbeat = properties.getHeartbeat();
		Duration detection = heartbeat.getInterval().plus(heartbeat.getTimeout());
		if (detection.compareTo(PROXY_IDLE_TIMEOUT) >= 0) {
			logger.warn("lifeline.heartbeat.interval + lifeline.heartbeat.timeout is " + detection.toSeconds()
					+ "s, at or above the 60s idle timeout of common proxies and load balancers (nginx, AWS ALB): "
					+ "they may drop healthy idle connections before the heartbeat keeps them busy. Use a shorter "
					+ "interval, such as 25s with a 20s timeout.");
		}
		return new HeartbeatService(sessions, heartbeat.getInterval(), heartbeat.getTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionSlots sessionSlots(SessionRegistry sessions, LifelineProperties properties) {
		properties.validate();
		return new SessionSlots(sessions.getSettings().maxSessions(), properties.getMaxSessionsPerUser(),
				properties.getMaxSessionsPerAddress());
	}

	@Bean
	@ConditionalOnMissingBean
	InboundBudget inboundBudget(LifelineProperties properties) {
		properties.validate();
		return new InboundBudget(properties.getMaxPendingInbound().toBytes());
	}

	/**
	 * Map every managed endpoint: its handler, decorated by a
	 * {@link LifelineWebSocketHandler}, behind a {@link HandshakeGuard} of its own, with
	 * the interceptors and handshake handler of the {@link ManagedEndpointCustomizer
	 * customizers}.
	 */
	@Bean(HANDLER_MAPPING_BEAN_NAME)
	@ConditionalOnMissingBean(name = HANDLER_MAPPING_BEAN_NAME)
	WebSocketHandlerMapping lifelineWebSocketHandlerMapping(ConfigurableListableBeanFactory beanFactory,
			EndpointDefinitions definitions, LifelineProperties properties, SessionRegistry sessions,
			SessionSlots slots, ObjectProvider<HeartbeatService> heartbeat, ObjectProvider<InboundBudget> inboundBudget,
			ObjectProvider<ManagedEndpointCustomizer> customizers,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<WebSocketHandshakeObservationConvention> handshakeObservationConvention,
			ObjectProvider<WebSocketMessageObservationConvention> messageObservationConvention) {
		ObservationRegistry registry = observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP);
		Map<String, Object> urlMap = new LinkedHashMap<>();
		for (EndpointDefinitions.Definition definition : definitions.list()) {
			ManagedEndpoint endpoint = sessions.getEndpoint(definition.name())
				.orElseGet(() -> sessions.addEndpoint(definition.name(), definition.path(), definition.settings()));
			WebSocketHandler handler = beanFactory.getBean(definition.name(), WebSocketHandler.class);
			LifelineWebSocketHandler lifelineHandler = new LifelineWebSocketHandler(handler, sessions, endpoint,
					heartbeat.getIfAvailable());
			if (properties.getObservations().isMessages() && !registry.isNoop()) {
				lifelineHandler.setMessageObserver(new MessageObservations(registry,
						messageObservationConvention.getIfUnique(), definition.path()));
			}
			lifelineHandler.setInboundBudget(inboundBudget.getIfAvailable());
			LifelineProperties.RateLimit rateLimit = properties.getRateLimit();
			if (rateLimit.getMessagesPerSecond() != null) {
				lifelineHandler.setRateLimit(rateLimit.getMessagesPerSecond(), rateLimit.determineBurst());
			}
			ManagedEndpointRegistration registration = registration(definition, properties, sessions, endpoint);
			customizers.orderedStream().forEach((customizer) -> customizer.customize(registration));
			HandshakeHandler handshakeHandler = registration.getHandshakeHandler();
			if (handshakeHandler instanceof AbstractHandshakeHandler abstractHandler
					&& abstractHandler.getSupportedProtocols().length == 0) {
				abstractHandler.setSupportedProtocols(definition.subprotocols().toArray(String[]::new));
			}
			WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(lifelineHandler,
					handshakeHandler);
			List<HandshakeInterceptor> interceptors = requestHandler.getHandshakeInterceptors();
			interceptors.add(new HandshakeObservationInterceptor(registry, handshakeObservationConvention.getIfUnique(),
					definition.path(), properties.getObservations().isMessages()));
			interceptors.add(new HandshakeGuard(sessions, slots, endpoint, definition.allowedOrigins(),
					definition.allowedOriginPatterns()));
			if (properties.isCloseOnCredentialExpiry()) {
				HttpSessionHandshakeInterceptor httpSessionId = new HttpSessionHandshakeInterceptor();
				httpSessionId.setCopyAllAttributes(false);
				interceptors.add(httpSessionId);
			}
			interceptors.addAll(registration.getInterceptors());
			urlMap.put(definition.path(), requestHandler);
		}
		WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
		mapping.setUrlMap(urlMap);
		mapping.setOrder(-1);
		return mapping;
	}

	private static ManagedEndpointRegistration registration(EndpointDefinitions.Definition definition,
			LifelineProperties properties, SessionRegistry sessions, ManagedEndpoint endpoint) {
		RequestUpgradeStrategy strategy = new DefaultHandshakeHandler().getRequestUpgradeStrategy();
		if (!properties.isPerMessageDeflate()) {
			strategy = new WithoutPerMessageDeflateUpgradeStrategy(strategy);
		}
		strategy = new PrincipalSlotUpgradeStrategy(strategy, sessions, endpoint);
		if (properties.getResume().isEnabled()) {
			strategy = new ResumeProtocolUpgradeStrategy(strategy);
		}
		return new ManagedEndpointRegistration(definition.name(), definition.path(), strategy,
				new DefaultHandshakeHandler(strategy));
	}

	@Bean
	@ConditionalOnMissingBean
	UpgradePathVerifier upgradePathVerifier(ConfigurableListableBeanFactory beanFactory,
			EndpointDefinitions definitions) {
		Map<String, String> owners = new LinkedHashMap<>();
		for (EndpointDefinitions.Definition definition : definitions.list()) {
			owners.put(definition.path(), "Lifeline endpoint '" + definition.name() + "' (WebSocketHandler bean '"
					+ definition.name() + "')");
		}
		return new UpgradePathVerifier(beanFactory, owners, HANDLER_MAPPING_BEAN_NAME);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "lifeline.close-on-credential-expiry", matchIfMissing = true)
	static class CredentialExpiryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CredentialExpiry credentialExpiry(SessionRegistry sessions) {
			return new CredentialExpiry(sessions);
		}

		/**
		 * Tomcat itself closes the WebSocket sessions of an authenticated HTTP session
		 * that ends, with {@code 1008}, and calls HTTP session listeners in the reverse
		 * order of their registration. Registering once more after Tomcat's own listener
		 * lets Lifeline close them first, with its cause.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(
				name = { "org.apache.catalina.Context", "org.springframework.boot.tomcat.TomcatContextCustomizer" })
		static class TomcatConfiguration {

			@Bean
			org.springframework.boot.tomcat.TomcatContextCustomizer lifelineCredentialExpiryContextCustomizer(
					CredentialExpiry credentialExpiry) {
				return (context) -> context.addLifecycleListener((event) -> {
					if (org.apache.catalina.Lifecycle.AFTER_START_EVENT.equals(event.getType())) {
						Object[] listeners = context.getApplicationLifecycleListeners();
						Object[] appended = Arrays.copyOf(listeners, listeners.length + 1);
						appended[listeners.length] = credentialExpiry;
						context.setApplicationLifecycleListeners(appended);
					}
				});
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "org.springframework.session.events.SessionDestroyedEvent")
		static class SpringSessionConfiguration {

			@Bean
			ApplicationListener<org.springframework.session.events.SessionDestroyedEvent> lifelineSpringSessionListener(
					CredentialExpiry credentialExpiry) {
				return (event) -> credentialExpiry.httpSessionEnded(event.getSessionId());
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "org.springframework.security.core.session.SessionDestroyedEvent")
		static class SpringSecurityConfiguration {

			@Bean
			ApplicationListener<org.springframework.security.core.session.SessionDestroyedEvent> lifelineSpringSecuritySessionListener(
					CredentialExpiry credentialExpiry) {
				return (event) -> credentialExpiry.httpSessionEnded(event.getId());
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.tomcat.websocket.server.WsServerContainer")
	static class TomcatContainerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TomcatWebSocketBuffers tomcatWebSocketBuffers(LifelineProperties properties, UpgradePathVerifier verifier,
				ConfigurableListableBeanFactory beanFactory) {
			properties.validate();
			return new TomcatWebSocketBuffers(properties.getContainer(), verifier, beanFactory);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnClass(name = "org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory")
		@ConditionalOnBooleanProperty("lifeline.container.lean-buffers")
		TomcatConnectionBuffers tomcatConnectionBuffers(LifelineProperties properties) {
			properties.validate();
			return new TomcatConnectionBuffers(properties.getContainer());
		}

		@Bean
		@ConditionalOnClass(name = "org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory")
		@ConditionalOnBooleanProperty(name = "lifeline.container.lean-buffers", havingValue = false,
				matchIfMissing = true)
		LeanBuffersAdvisor leanBuffersAdvisor(SessionRegistry sessions) {
			return new LeanBuffersAdvisor(sessions);
		}

	}

}
