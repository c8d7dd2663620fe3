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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lifeline.server.SessionSettings;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Resolves Lifeline's managed endpoints from {@code lifeline.endpoints} and the
 * application's {@code WebSocketHandler} beans: with no endpoints configured, the only
 * handler (or the {@code @Primary} one) at {@code lifeline.path}; otherwise each
 * configured handler at its own path, with the {@code lifeline.*} values it does not set.
 * Resolved once, as a bean, for the registry, the handler mapping and the path verifier.
 *
 * @author Lifeline contributors
 */
final class EndpointDefinitions {

	private final List<Definition> definitions;

	private final SessionSettings registrySettings;

	private EndpointDefinitions(List<Definition> definitions, SessionSettings registrySettings) {
		this.definitions = definitions;
		this.registrySettings = registrySettings;
	}

	/**
	 * Return the endpoints, in the order they are configured.
	 * @return the endpoints
	 */
	List<Definition> list() {
		return this.definitions;
	}

	/**
	 * Return the settings of the registry itself: those of {@code lifeline.*}, with a
	 * session cap that is the sum of the endpoints' own.
	 * @return the settings
	 */
	SessionSettings registrySettings() {
		return this.registrySettings;
	}

	/**
	 * Resolve the endpoints.
	 * @param beanFactory the bean factory holding the handlers
	 * @param properties the properties
	 * @return the endpoints
	 * @throws MultipleWebSocketHandlersException if several handlers and no endpoints are
	 * configured
	 * @throws WebSocketPathConflictException if two endpoints share a path
	 */
	static EndpointDefinitions resolve(ConfigurableListableBeanFactory beanFactory, LifelineProperties properties) {
		return resolve(beanFactory, properties, false);
	}

	/**
	 * Resolve the endpoints, with or without STOMP endpoints besides them. The STOMP
	 * endpoints are only known once the broker's handler mapping exists; together they
	 * add {@code lifeline.max-sessions} to the registry's cap, and an application with
	 * STOMP endpoints needs no {@code WebSocketHandler} of its own.
	 * @param beanFactory the bean factory holding the handlers
	 * @param properties the properties
	 * @param stomp whether Lifeline manages STOMP endpoints too
	 * @return the endpoints
	 * @throws MultipleWebSocketHandlersException if several handlers and no endpoints are
	 * configured
	 * @throws WebSocketPathConflictException if two endpoints share a path
	 */
	static EndpointDefinitions resolve(ConfigurableListableBeanFactory beanFactory, LifelineProperties properties,
			boolean stomp) {
		List<Definition> definitions = (stomp && properties.getEndpoints().isEmpty()
				&& ApplicationWebSocketHandlers.find(beanFactory).isEmpty()) ? List.of()
						: definitions(beanFactory, properties);
		long maxSessions = definitions.stream().mapToLong((definition) -> definition.settings().maxSessions()).sum()
				+ (stomp ? properties.getMaxSessions() : 0);
		return new EndpointDefinitions(definitions,
				settings(properties, (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxSessions)),
						properties.getMaxTextMessageSize(), properties.getMaxBinaryMessageSize()));
	}

	private static List<Definition> definitions(ConfigurableListableBeanFactory beanFactory,
			LifelineProperties properties) {
		properties.validate();
		Map<String, LifelineProperties.Endpoint> configured = properties.getEndpoints();
		if (configured.isEmpty()) {
			String handler = ApplicationWebSocketHandlers.select(beanFactory, properties.getPath());
			return List.of(definition(handler, new LifelineProperties.Endpoint(), properties));
		}
		List<String> handlers = ApplicationWebSocketHandlers.find(beanFactory);
		Map<String, Definition> byPath = new LinkedHashMap<>();
		List<Definition> definitions = new ArrayList<>();
		configured.forEach((name, endpoint) -> {
			if (!handlers.contains(name)) {
				throw new InvalidConfigurationPropertyValueException("lifeline.endpoints." + name, name,
						"An endpoint is named after its WebSocketHandler bean, and there is no application "
								+ "WebSocketHandler bean named '" + name + "'. The handler beans are " + handlers
								+ ".");
			}
			Definition definition = definition(name, endpoint, properties);
			Definition previous = byPath.putIfAbsent(normalize(definition.path()), definition);
			if (previous != null) {
				throw new WebSocketPathConflictException(definition.path(),
						List.of(describe(previous, properties), describe(definition, properties)));
			}
			definitions.add(definition);
		});
		return List.copyOf(definitions);
	}

	private static Definition definition(String name, LifelineProperties.Endpoint endpoint,
			LifelineProperties properties) {
		String path = (endpoint.getPath() != null) ? endpoint.getPath() : properties.getPath();
		SessionSettings settings = settings(properties,
				(endpoint.getMaxSessions() != null) ? endpoint.getMaxSessions() : properties.getMaxSessions(),
				(endpoint.getMaxTextMessageSize() != null) ? endpoint.getMaxTextMessageSize()
						: properties.getMaxTextMessageSize(),
				(endpoint.getMaxBinaryMessageSize() != null) ? endpoint.getMaxBinaryMessageSize()
						: properties.getMaxBinaryMessageSize());
		List<String> origins = (endpoint.getAllowedOrigins() != null) ? endpoint.getAllowedOrigins()
				: properties.getAllowedOrigins();
		List<String> originPatterns = (endpoint.getAllowedOriginPatterns() != null)
				? endpoint.getAllowedOriginPatterns() : properties.getAllowedOriginPatterns();
		return new Definition(name, path, settings, List.copyOf(origins), List.copyOf(originPatterns),
				List.copyOf(endpoint.getSubprotocols()));
	}

	/**
	 * Return the settings of the sessions of a STOMP endpoint: those of
	 * {@code lifeline.*}.
	 * @param properties the properties
	 * @return the settings
	 */
	static SessionSettings stompSettings(LifelineProperties properties) {
		return settings(properties, properties.getMaxSessions(), properties.getMaxTextMessageSize(),
				properties.getMaxBinaryMessageSize());
	}

	private static SessionSettings settings(LifelineProperties properties, int maxSessions, DataSize maxTextMessageSize,
			DataSize maxBinaryMessageSize) {
		return new SessionSettings(maxSessions, maxTextMessageSize, maxBinaryMessageSize, properties.getSendTimeLimit(),
				properties.getSendBufferSizeLimit(), properties.getOverflowStrategy(), properties.getShutdownTimeout(),
				properties.getShutdownTimeout(), properties.getCleanupInterval());
	}

	private static String describe(Definition definition, LifelineProperties properties) {
		String source = properties.getEndpoints().containsKey(definition.name())
				&& properties.getEndpoints().get(definition.name()).getPath() != null
						? "lifeline.endpoints." + definition.name() + ".path"
						: "lifeline.path, as lifeline.endpoints." + definition.name() + ".path is not set";
		return "Lifeline endpoint '" + definition.name() + "' (" + source + ")";
	}

	static String normalize(String path) {
		return (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
	}

	/**
	 * A resolved endpoint.
	 *
	 * @param name the endpoint's name, the bean name of its handler
	 * @param path the path it accepts upgrades at
	 * @param settings the settings of its sessions
	 * @param allowedOrigins the origins allowed besides the server's own
	 * @param allowedOriginPatterns the origin patterns allowed
	 * @param subprotocols the sub-protocols offered
	 */
	record Definition(String name, String path, SessionSettings settings, List<String> allowedOrigins,
			List<String> allowedOriginPatterns, List<String> subprotocols) {

	}

}
