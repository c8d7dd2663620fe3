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

package dev.lifeline.observation;

import dev.lifeline.server.MessageObserver;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.handshake.HandshakeGuard;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Observes every handshake on the managed path as
 * {@link WebSocketObservationDocumentation#HANDSHAKE}. It must be the first interceptor,
 * so that it is told how the handshake ended whichever later interceptor refuses it.
 * <p>
 * The observation starts while the HTTP server's observation of the upgrade request is
 * current, so it joins that request's trace. When messages are observed too, it is kept
 * in the session's attributes under {@link #OBSERVATION_ATTRIBUTE} as the parent of the
 * session's message observations; otherwise sessions hold no reference to it, so that
 * idle sessions cost no more memory than without observations.
 *
 * @author Lifeline contributors
 */
public class HandshakeObservationInterceptor implements HandshakeInterceptor {

	/**
	 * Name of the session (and request) attribute that holds the handshake's
	 * {@link Observation}.
	 */
	public static final String OBSERVATION_ATTRIBUTE = MessageObserver.HANDSHAKE_OBSERVATION_ATTRIBUTE;

	private static final DefaultWebSocketHandshakeObservationConvention DEFAULT_CONVENTION = new DefaultWebSocketHandshakeObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable WebSocketHandshakeObservationConvention convention;

	private final String endpoint;

	private final boolean keepForMessages;

	/**
	 * Create a new interceptor.
	 * @param registry the registry to observe through
	 * @param convention the convention, or {@code null} for the default
	 * @param endpoint the managed path
	 * @param keepForMessages whether to keep the observation in the session's attributes
	 * as the parent of its message observations
	 */
	public HandshakeObservationInterceptor(ObservationRegistry registry,
			@Nullable WebSocketHandshakeObservationConvention convention, String endpoint, boolean keepForMessages) {
		this.registry = registry;
		this.convention = convention;
		this.endpoint = endpoint;
		this.keepForMessages = keepForMessages;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		if (this.registry.isNoop() || !(request instanceof ServletServerHttpRequest servletRequest)) {
			return true;
		}
		WebSocketHandshakeObservationContext context = new WebSocketHandshakeObservationContext(request, this.endpoint);
		Observation observation = WebSocketObservationDocumentation.HANDSHAKE
			.observation(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		servletRequest.getServletRequest().setAttribute(OBSERVATION_ATTRIBUTE, observation);
		if (this.keepForMessages && !observation.isNoop()) {
			attributes.put(OBSERVATION_ATTRIBUTE, observation);
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		if (!(request instanceof ServletServerHttpRequest servletRequest)
				|| !(servletRequest.getServletRequest()
					.getAttribute(OBSERVATION_ATTRIBUTE) instanceof Observation observation)
				|| !(observation.getContext() instanceof WebSocketHandshakeObservationContext context)) {
			return;
		}
		servletRequest.getServletRequest().removeAttribute(OBSERVATION_ATTRIBUTE);
		if (response instanceof ServletServerHttpResponse servletResponse) {
			context.setStatus(servletResponse.getServletResponse().getStatus());
		}
		if (servletRequest.getServletRequest()
			.getAttribute(HandshakeGuard.REJECTION_REASON_ATTRIBUTE) instanceof RejectionReason reason) {
			context.setRejectionReason(reason);
		}
		if (exception != null) {
			observation.error(exception);
		}
		observation.stop();
	}

}
