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

package dev.lifeline.stomp;

import dev.lifeline.server.ManagedEndpoint;
import dev.lifeline.server.SessionSettings;
import dev.lifeline.server.engine.HeartbeatService;
import dev.lifeline.server.engine.LifelineWebSocketHandler;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.server.handshake.HandshakeGuard;
import dev.lifeline.server.handshake.SessionSlots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.PathMatcher;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.ExceptionWebSocketHandlerDecorator;
import org.springframework.web.socket.handler.LoggingWebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.HttpSessionHandshakeInterceptor;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Makes the WebSocket sessions of a STOMP broker's endpoints Lifeline sessions. Spring
 * builds one handler for all endpoints of a broker, decorated by the factories of
 * {@code WebSocketTransportRegistration}; Lifeline's factory, added last so that it is
 * outermost, {@link #decorate decorates} it. Once the broker's handler mapping exists,
 * {@link #manage} makes each path a managed endpoint named after it: a
 * {@link LifelineWebSocketHandler} of its own, and a {@link HandshakeGuard} before the
 * application's handshake interceptors.
 * <p>
 * Spring's {@code SubProtocolWebSocketHandler} then receives the {@code LifelineSession}
 * and wraps it in its {@code ConcurrentWebSocketSessionDecorator}, whose sends go to the
 * session's outbox, which never blocks: no {@code clientOutboundChannel} thread waits on
 * a peer, and Lifeline's {@code send-time-limit} and {@code send-buffer-size-limit} cut
 * off a slow one. Spring's handler learns of every closed session once, from the
 * registry, also of those whose peer vanished, and publishes its
 * {@code SessionDisconnectEvent}.
 * <p>
 * Each endpoint keeps its own origin check ({@code setAllowedOrigins} of its
 * registration) and its handshake handler; a principal its handshake handler decides is
 * capped when its session opens.
 *
 * @author Lifeline contributors
 */
public final class StompEndpoints {

	private static final Log logger = LogFactory.getLog(StompEndpoints.class);

	private static final List<String> ANY_ORIGIN = List.of("*");

	private final SessionRegistry sessions;

	private final SessionSlots slots;

	private final @Nullable HeartbeatService heartbeat;

	private final SessionSettings settings;

	private final Consumer<LifelineWebSocketHandler> handlerCustomizer;

	private final boolean copyHttpSessionId;

	private final List<StompSessionHandler> handlers = new CopyOnWriteArrayList<>();

	private Function<String, List<HandshakeInterceptor>> firstInterceptors = (path) -> List.of();

	private final Set<String> paths = ConcurrentHashMap.newKeySet();

	private final PathMatcher pathMatcher = new AntPathMatcher();

	/**
	 * Create a new instance.
	 * @param sessions the session registry
	 * @param slots the session slots the handshake guards reserve from
	 * @param heartbeat the heartbeat, or {@code null} when disabled
	 * @param settings the settings of the endpoints' sessions
	 * @param handlerCustomizer applies the inbound limits and observations to each
	 * endpoint's handler
	 * @param copyHttpSessionId whether to keep the HTTP session id of a handshake, so
	 * that its sessions close when their credentials expire
	 */
	public StompEndpoints(SessionRegistry sessions, SessionSlots slots, @Nullable HeartbeatService heartbeat,
			SessionSettings settings, Consumer<LifelineWebSocketHandler> handlerCustomizer, boolean copyHttpSessionId) {
		this.sessions = sessions;
		this.slots = slots;
		this.heartbeat = heartbeat;
		this.settings = settings;
		this.handlerCustomizer = handlerCustomizer;
		this.copyHttpSessionId = copyHttpSessionId;
	}

	/**
	 * Set the handshake interceptors that run first on each endpoint, before its
	 * handshake guard, such as the observation of its handshakes.
	 * @param firstInterceptors the interceptors of the endpoint at a path
	 */
	public void setFirstInterceptors(Function<String, List<HandshakeInterceptor>> firstInterceptors) {
		this.firstInterceptors = firstInterceptors;
	}

	/**
	 * Decorate a STOMP broker's WebSocket handler, as a
	 * {@code WebSocketHandlerDecoratorFactory}.
	 * @param handler the handler, decorated by the application's factories
	 * @return the handler Lifeline's endpoints hand their sessions to
	 */
	public WebSocketHandler decorate(WebSocketHandler handler) {
		StompSessionHandler decorated = new StompSessionHandler(handler);
		this.handlers.add(decorated);
		return decorated;
	}

	/**
	 * Return whether a handler mapping maps a STOMP broker's handler Lifeline decorated.
	 * @param mapping the handler mapping
	 * @return whether {@link #manage} has something to do
	 */
	public static boolean isStompMapping(Object mapping) {
		if (!(mapping instanceof SimpleUrlHandlerMapping urlMapping)) {
			return false;
		}
		return urlMapping.getUrlMap()
			.values()
			.stream()
			.anyMatch((handler) -> handler instanceof WebSocketHttpRequestHandler webSocket
					&& find(webSocket.getWebSocketHandler()) != null);
	}

	/**
	 * Make each WebSocket path of a STOMP broker's handler mapping a managed endpoint.
	 * @param beanName the name of the mapping's bean
	 * @param mapping the handler mapping
	 */
	public void manage(String beanName, Object mapping) {
		if (!(mapping instanceof SimpleUrlHandlerMapping urlMapping)) {
			return;
		}
		for (Map.Entry<String, ?> entry : urlMapping.getUrlMap().entrySet()) {
			if (entry.getValue() instanceof WebSocketHttpRequestHandler requestHandler) {
				StompSessionHandler handler = find(requestHandler.getWebSocketHandler());
				if (handler != null) {
					manage(beanName, entry.getKey(), requestHandler, handler);
				}
			}
		}
	}

	private void manage(String beanName, String path, WebSocketHttpRequestHandler requestHandler,
			StompSessionHandler handler) {
		if (this.sessions.getEndpoint(path).isPresent()) {
			logger.warn("STOMP endpoint '" + path + "' of handler mapping '" + beanName
					+ "' is not managed: a Lifeline endpoint of that name exists.");
			return;
		}
		WebSocketHandler outer = outermostOther(requestHandler.getWebSocketHandler());
		if (outer != null) {
			logger.warn("STOMP endpoint '" + path + "': the WebSocketHandlerDecoratorFactory decorator "
					+ outer.getClass().getName()
					+ " wraps Lifeline's, so it sees the container's sessions and learns of a closed session only "
					+ "when the container reports it; Lifeline manages the sessions beneath it.");
		}
		ManagedEndpoint endpoint = this.sessions.addEndpoint(path, path, this.settings);
		this.paths.add(path);
		LifelineWebSocketHandler lifelineHandler = new LifelineWebSocketHandler(
				new StompSessionViews(handler.getDelegate()), this.sessions, endpoint, this.heartbeat);
		this.handlerCustomizer.accept(lifelineHandler);
		handler.addEndpoint(path, lifelineHandler);
		List<HandshakeInterceptor> interceptors = requestHandler.getHandshakeInterceptors();
		boolean ownOrigins = interceptors.stream().anyMatch(OriginHandshakeInterceptor.class::isInstance);
		List<HandshakeInterceptor> lifeline = new ArrayList<>(this.firstInterceptors.apply(path));
		// The registration's own origin check stays in charge of origins.
		lifeline.add(new HandshakeGuard(this.sessions, this.slots, endpoint, List.of(),
				ownOrigins ? ANY_ORIGIN : List.of()));
		lifeline.add(new EndpointAttribute(path));
		if (this.copyHttpSessionId) {
			HttpSessionHandshakeInterceptor httpSessionId = new HttpSessionHandshakeInterceptor();
			httpSessionId.setCopyAllAttributes(false);
			lifeline.add(httpSessionId);
		}
		interceptors.addAll(0, lifeline);
		if (logger.isDebugEnabled()) {
			logger.debug("Managing STOMP endpoint '" + path + "' of handler mapping '" + beanName + "'");
		}
	}

	/**
	 * Return the first decorator outside Lifeline's other than those Spring's request
	 * handler adds to every handler (exception and logging), or {@code null}.
	 */
	/**
	 * Return whether a path is that of a managed STOMP endpoint.
	 * @param path the path within the application
	 * @return whether it is managed
	 */
	public boolean isManagedPath(String path) {
		for (String pattern : this.paths) {
			if (pattern.equals(path) || this.pathMatcher.match(pattern, path)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable WebSocketHandler outermostOther(WebSocketHandler handler) {
		WebSocketHandler current = handler;
		while (current instanceof ExceptionWebSocketHandlerDecorator
				|| current instanceof LoggingWebSocketHandlerDecorator) {
			current = ((WebSocketHandlerDecorator) current).getDelegate();
		}
		return (current instanceof StompSessionHandler) ? null : current;
	}

	private static @Nullable StompSessionHandler find(WebSocketHandler handler) {
		WebSocketHandler current = handler;
		while (current instanceof WebSocketHandlerDecorator decorator) {
			if (decorator instanceof StompSessionHandler stomp) {
				return stomp;
			}
			current = decorator.getDelegate();
		}
		return null;
	}

	/**
	 * Names the endpoint of a session for the {@link StompSessionHandler}.
	 */
	private record EndpointAttribute(String name) implements HandshakeInterceptor {

		@Override
		public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
				WebSocketHandler wsHandler, Map<String, Object> attributes) {
			attributes.put(StompSessionHandler.ENDPOINT_ATTRIBUTE, this.name);
			return true;
		}

		@Override
		public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
				@Nullable Exception exception) {
		}

	}

}
