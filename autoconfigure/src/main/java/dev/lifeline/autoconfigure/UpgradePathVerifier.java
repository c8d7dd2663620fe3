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

import dev.lifeline.server.handshake.HandshakeGuard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Verifies, once every singleton exists, that each of Lifeline's managed paths has
 * exactly one upgrade path. A WebSocket registration of a {@code WebSocketConfigurer}, a
 * handler mapping, a request mapping or a {@code @ServerEndpoint} on the same path fails
 * startup with a {@link WebSocketPathConflictException}; WebSocket registrations on other
 * paths are allowed and logged once at WARN, since Lifeline does not heartbeat, clean up
 * or count their sessions.
 *
 * @author Lifeline contributors
 */
public class UpgradePathVerifier implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(UpgradePathVerifier.class);

	private static final String SERVER_ENDPOINT = "jakarta.websocket.server.ServerEndpoint";

	private static final String SERVER_ENDPOINT_CONFIG = "jakarta.websocket.server.ServerEndpointConfig";

	private static final String SOCKJS_HANDLER = "org.springframework.web.socket.sockjs.support.SockJsHttpRequestHandler";

	private final ListableBeanFactory beanFactory;

	private final Map<String, String> owners;

	private final String managedMappingBeanName;

	private @Nullable Registrations registrations;

	/**
	 * Create a new verifier.
	 * @param beanFactory the bean factory to inspect
	 * @param path the managed path
	 * @param managedMappingBeanName the bean name of Lifeline's own handler mapping,
	 * which is not a conflict
	 */
	public UpgradePathVerifier(ListableBeanFactory beanFactory, String path, String managedMappingBeanName) {
		this(beanFactory, Map.of(path, "Lifeline's managed endpoint"), managedMappingBeanName);
	}

	/**
	 * Create a new verifier for several managed paths.
	 * @param beanFactory the bean factory to inspect
	 * @param owners a description of the managed endpoint at each managed path
	 * @param managedMappingBeanName the bean name of Lifeline's own handler mapping,
	 * which is not a conflict
	 */
	public UpgradePathVerifier(ListableBeanFactory beanFactory, Map<String, String> owners,
			String managedMappingBeanName) {
		this.beanFactory = beanFactory;
		this.owners = new LinkedHashMap<>(owners);
		this.managedMappingBeanName = managedMappingBeanName;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Registrations registrations = registrations();
		if (!registrations.conflicts().isEmpty()) {
			Conflict first = registrations.conflicts().get(0);
			List<String> descriptions = new ArrayList<>();
			descriptions.add(this.owners.get(first.path()));
			registrations.conflicts()
				.stream()
				.filter((conflict) -> conflict.path().equals(first.path()))
				.map(Conflict::description)
				.forEach(descriptions::add);
			throw new WebSocketPathConflictException(first.path(), descriptions);
		}
		List<String> unmanaged = registrations.unmanaged();
		String managed = String.join("', '", this.owners.keySet());
		for (String registration : unmanaged) {
			logger.warn("Unmanaged WebSocket endpoint: " + registration
					+ (this.owners.isEmpty() ? ". Lifeline does not manage it"
							: ". Lifeline manages only '" + managed + "'")
					+ "; sessions elsewhere get no heartbeat, cleanup or metrics.");
		}
	}

	/**
	 * Return the WebSocket registrations on paths other than the managed one.
	 * @return a description of each unmanaged registration, empty when the managed path
	 * is the only WebSocket endpoint
	 */
	public List<String> unmanagedEndpoints() {
		return registrations().unmanaged();
	}

	/**
	 * Inspect the registrations once every singleton exists; callers that run at that
	 * point share the result.
	 */
	private synchronized Registrations registrations() {
		Registrations registrations = this.registrations;
		if (registrations == null) {
			List<Conflict> conflicts = new ArrayList<>();
			List<String> unmanaged = new ArrayList<>();
			Map<String, HandlerMapping> mappings = this.beanFactory.getBeansOfType(HandlerMapping.class, false, false);
			mappings.forEach((name, mapping) -> {
				if (!name.equals(this.managedMappingBeanName)) {
					inspect(name, mapping, conflicts, unmanaged);
				}
			});
			inspectServerEndpoints(conflicts, unmanaged);
			registrations = new Registrations(List.copyOf(conflicts), List.copyOf(unmanaged));
			this.registrations = registrations;
		}
		return registrations;
	}

	private void inspect(String name, HandlerMapping mapping, List<Conflict> conflicts, List<String> unmanaged) {
		if (mapping instanceof AbstractUrlHandlerMapping urlMapping) {
			urlMapping.getHandlerMap().forEach((pattern, handler) -> {
				String description = "handler mapping '" + name + "' maps '" + pattern + "' to " + describe(handler);
				String managed = managedPath(pattern);
				if (managed != null) {
					conflicts.add(new Conflict(managed, description));
				}
				else if (isWebSocketHandler(handler) && !isGuarded(handler)) {
					unmanaged.add(description);
				}
			});
		}
		if (mapping instanceof RequestMappingInfoHandlerMapping requestMapping) {
			for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : requestMapping.getHandlerMethods().entrySet()) {
				for (String pattern : entry.getKey().getPatternValues()) {
					String managed = managedPath(pattern);
					if (managed != null) {
						conflicts.add(new Conflict(managed,
								"request mapping '" + pattern + "' on " + entry.getValue().getShortLogMessage()));
					}
				}
			}
		}
	}

	private void inspectServerEndpoints(List<Conflict> conflicts, List<String> unmanaged) {
		ClassLoader classLoader = getClass().getClassLoader();
		if (ClassUtils.isPresent(SERVER_ENDPOINT, classLoader)) {
			for (String name : this.beanFactory.getBeanNamesForAnnotation(ServerEndpoint.class)) {
				ServerEndpoint endpoint = this.beanFactory.findAnnotationOnBean(name, ServerEndpoint.class);
				if (endpoint != null) {
					classify("@ServerEndpoint(\"" + endpoint.value() + "\") bean '" + name + "'", endpoint.value(),
							conflicts, unmanaged);
				}
			}
		}
		if (ClassUtils.isPresent(SERVER_ENDPOINT_CONFIG, classLoader)) {
			this.beanFactory.getBeansOfType(ServerEndpointConfig.class, false, false)
				.forEach((name, config) -> classify(
						"ServerEndpointConfig bean '" + name + "' for '" + config.getPath() + "'", config.getPath(),
						conflicts, unmanaged));
		}
	}

	private void classify(String description, String endpointPath, List<Conflict> conflicts, List<String> unmanaged) {
		String managed = managedPath(endpointPath);
		if (managed != null) {
			conflicts.add(new Conflict(managed, description));
		}
		else {
			unmanaged.add(description);
		}
	}

	private @Nullable String managedPath(String pattern) {
		for (String path : this.owners.keySet()) {
			if (pattern.equals(path) || pattern.equals(path + "/") || pattern.equals(path + "/**")) {
				return path;
			}
		}
		return null;
	}

	private boolean isWebSocketHandler(Object handler) {
		return handler instanceof WebSocketHttpRequestHandler
				|| (ClassUtils.isPresent(SOCKJS_HANDLER, null) && handler.getClass().getName().equals(SOCKJS_HANDLER));
	}

	/**
	 * Whether a registration is managed by Lifeline though not in its own mapping, as a
	 * STOMP endpoint is: its handshakes pass a {@link HandshakeGuard}.
	 */
	private static boolean isGuarded(Object handler) {
		return handler instanceof WebSocketHttpRequestHandler webSocket
				&& webSocket.getHandshakeInterceptors().stream().anyMatch(HandshakeGuard.class::isInstance);
	}

	private static String describe(Object handler) {
		if (handler instanceof WebSocketHttpRequestHandler webSocket) {
			return "WebSocket handler " + webSocket.getWebSocketHandler();
		}
		return (handler instanceof String beanName) ? "bean '" + beanName + "'" : handler.getClass().getName();
	}

	private record Registrations(List<Conflict> conflicts, List<String> unmanaged) {
	}

	private record Conflict(String path, String description) {
	}

}
