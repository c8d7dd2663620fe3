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

package dev.lifeline.server.handshake;

import dev.lifeline.server.ManagedEndpoint;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.engine.ClientAddress;
import dev.lifeline.server.engine.Reservation;
import dev.lifeline.server.engine.ResumeSettings;
import dev.lifeline.server.engine.SessionRegistry;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Checks a handshake before the upgrade: the {@code Origin} against the allowed origins
 * (HTTP 403), the form of the {@code Sec-WebSocket-Key} (HTTP 400), the shutdown state
 * (HTTP 503 with {@code Retry-After}), and reserves a {@link SessionSlots session slot}:
 * a principal or remote address over its cap gets HTTP 429, a full server HTTP 503, both
 * with {@code Retry-After}. The slot is given back when the upgrade fails and otherwise
 * when the session closes. Every refusal is counted by {@link RejectionReason}, including
 * those of the handshake handler that runs after it (wrong method, version or missing
 * key), which it sees as an error status.
 * <p>
 * With no allowed origins configured only same-origin browsers are accepted; clients that
 * send no {@code Origin} header (non-browser clients) are always accepted, since the
 * check exists to stop cross-site WebSocket hijacking from browsers.
 *
 * @author Lifeline contributors
 */
public class HandshakeGuard implements HandshakeInterceptor {

	/**
	 * Name of the request attribute that holds the {@link RejectionReason} of a refused
	 * handshake.
	 */
	public static final String REJECTION_REASON_ATTRIBUTE = RejectionReason.class.getName();

	private static final Log logger = LogFactory.getLog(HandshakeGuard.class);

	static final String RETRY_AFTER_SECONDS = "5";

	private static final int KEY_LENGTH = 16;

	private final SessionRegistry sessions;

	private final SessionSlots slots;

	private final @Nullable ManagedEndpoint endpoint;

	private final OriginHandshakeInterceptor origins;

	/**
	 * Create a new guard whose only cap is the registry's {@code max-sessions}.
	 * @param sessions the session registry
	 * @param allowedOrigins the allowed origins, in addition to the server's own
	 * @param allowedOriginPatterns the allowed origin patterns
	 */
	public HandshakeGuard(SessionRegistry sessions, Collection<String> allowedOrigins,
			Collection<String> allowedOriginPatterns) {
		this(sessions, new SessionSlots(sessions.getSettings().maxSessions(), null, null), allowedOrigins,
				allowedOriginPatterns);
	}

	/**
	 * Create a new guard.
	 * @param sessions the session registry
	 * @param slots the session slots to reserve from
	 * @param allowedOrigins the allowed origins, in addition to the server's own
	 * @param allowedOriginPatterns the allowed origin patterns
	 */
	public HandshakeGuard(SessionRegistry sessions, SessionSlots slots, Collection<String> allowedOrigins,
			Collection<String> allowedOriginPatterns) {
		this(sessions, slots, null, allowedOrigins, allowedOriginPatterns);
	}

	/**
	 * Create a new guard for one managed endpoint, whose own {@code max-sessions} caps
	 * its sessions.
	 * @param sessions the session registry
	 * @param slots the session slots to reserve from
	 * @param endpoint the endpoint, or {@code null} for the registry's default one
	 * @param allowedOrigins the allowed origins, in addition to the server's own
	 * @param allowedOriginPatterns the allowed origin patterns
	 */
	public HandshakeGuard(SessionRegistry sessions, SessionSlots slots, @Nullable ManagedEndpoint endpoint,
			Collection<String> allowedOrigins, Collection<String> allowedOriginPatterns) {
		this.sessions = sessions;
		this.slots = slots;
		this.endpoint = endpoint;
		this.origins = new OriginHandshakeInterceptor(allowedOrigins);
		if (!allowedOriginPatterns.isEmpty()) {
			this.origins.setAllowedOriginPatterns(allowedOriginPatterns);
		}
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws Exception {
		if (!this.origins.beforeHandshake(request, response, wsHandler, attributes)) {
			reject(RejectionReason.ORIGIN, request);
			return false;
		}
		if (!hasValidKey(request)) {
			response.setStatusCode(HttpStatus.BAD_REQUEST);
			reject(RejectionReason.INVALID_HANDSHAKE, request);
			return false;
		}
		if (this.sessions.isDraining()) {
			serviceUnavailable(response);
			reject(RejectionReason.SHUTDOWN, request);
			return false;
		}
		InetSocketAddress client = ClientAddress.of(request);
		if (client != null) {
			attributes.put(ClientAddress.ATTRIBUTE, client);
		}
		// The per-address cap counts the request's address, which Boot's forward-headers
		// support (server.forward-headers-strategy) makes the client's behind a trusted
		// proxy.
		String address = ClientAddress.text(client);
		String user = principalName(request);
		String resumed = resumedSession(request);
		if (resumed != null && this.sessions.resumable().admits(resumed, this.endpoint, user)) {
			// The session holds its slot for its window: the resume takes none, and
			// reserves one only if it is refused and a fresh session opens instead.
			Reservation.Deferred deferred = (sessionAttributes) -> {
				SessionSlots.Slot late = this.slots.reserve(this.endpoint, user, address);
				if (late.getRefusal() != null) {
					return late.getRefusal();
				}
				sessionAttributes.put(SessionSlots.ATTRIBUTE, late);
				return null;
			};
			attributes.put(Reservation.DEFERRED_ATTRIBUTE, deferred);
			return true;
		}
		SessionSlots.Slot slot = this.slots.reserve(this.endpoint, user, address);
		RejectionReason refusal = slot.getRefusal();
		if (refusal != null) {
			response.setStatusCode((refusal != RejectionReason.CAPACITY) ? HttpStatus.TOO_MANY_REQUESTS
					: HttpStatus.SERVICE_UNAVAILABLE);
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			reject(refusal, request);
			return false;
		}
		attributes.put(SessionSlots.ATTRIBUTE, slot);
		request.getAttributes().put(SessionSlots.ATTRIBUTE, slot);
		return true;
	}

	/**
	 * The session a resuming client names in its query, not a secret: the token that
	 * proves the session is the client's comes after the handshake.
	 */
	private static @Nullable String resumedSession(ServerHttpRequest request) {
		String query = request.getURI().getRawQuery();
		if (query == null || !query.contains(ResumeSettings.SESSION_PARAMETER)) {
			return null;
		}
		return UriComponentsBuilder.fromUri(request.getURI())
			.build()
			.getQueryParams()
			.getFirst(ResumeSettings.SESSION_PARAMETER);
	}

	private static @Nullable String principalName(ServerHttpRequest request) {
		Principal principal = request.getPrincipal();
		return (principal != null) ? principal.getName() : null;
	}

	private static boolean hasValidKey(ServerHttpRequest request) {
		String key = request.getHeaders().getFirst(WebSocketHttpHeaders.SEC_WEBSOCKET_KEY);
		if (key == null) {
			return true;
		}
		try {
			return Base64.getDecoder().decode(key.trim()).length == KEY_LENGTH;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static void serviceUnavailable(ServerHttpResponse response) {
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
	}

	/**
	 * Whether the handshake was refused, and counted, after this guard let it pass: by
	 * the {@link PrincipalSlotUpgradeStrategy} for the principal the handshake handler
	 * decided.
	 */
	private static boolean isRejected(ServerHttpRequest request) {
		return request instanceof ServletServerHttpRequest servletRequest
				&& servletRequest.getServletRequest().getAttribute(REJECTION_REASON_ATTRIBUTE) != null;
	}

	private void reject(RejectionReason reason, ServerHttpRequest request) {
		if (request instanceof ServletServerHttpRequest servletRequest) {
			servletRequest.getServletRequest().setAttribute(REJECTION_REASON_ATTRIBUTE, reason);
		}
		this.sessions.rejected(this.endpoint, reason);
		if (logger.isDebugEnabled()) {
			logger.debug("Rejected WebSocket handshake from " + request.getRemoteAddress() + ": " + reason);
		}
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		if (exception != null || (response instanceof ServletServerHttpResponse servletResponse
				&& servletResponse.getServletResponse().getStatus() >= 400)) {
			if (request.getAttributes().get(SessionSlots.ATTRIBUTE) instanceof SessionSlots.Slot slot) {
				slot.release();
			}
			if (!isRejected(request)) {
				reject(RejectionReason.INVALID_HANDSHAKE, request);
			}
		}
	}

}
