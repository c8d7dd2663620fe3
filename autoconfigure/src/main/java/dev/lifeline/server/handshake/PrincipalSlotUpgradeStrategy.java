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
import dev.lifeline.server.engine.SessionRegistry;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;

/**
 * Decorates a managed endpoint's {@link RequestUpgradeStrategy} to count the session slot
 * the {@link HandshakeGuard} reserved under the principal the handshake handler decided,
 * just before the upgrade.
 * <p>
 * The guard runs before the handshake handler, so it can only know the principal of the
 * upgrade request. A handshake handler may decide another one
 * ({@code DefaultHandshakeHandler#determineUser}), and that one is the session's
 * principal, the one its messages to users reach. The handler hands it to the upgrade
 * strategy, so here the per-user cap ({@code lifeline.max-sessions-per-user}) counts the
 * same principal as the registry's user index; a principal over its cap gets the guard's
 * answer (HTTP 429 with {@code Retry-After}) and no upgrade. A handshake handler that
 * upgrades with a strategy of its own is capped when its session opens instead.
 *
 * @author Lifeline contributors
 */
public class PrincipalSlotUpgradeStrategy extends DelegatingUpgradeStrategy {

	private static final Log logger = LogFactory.getLog(PrincipalSlotUpgradeStrategy.class);

	private final SessionRegistry sessions;

	private final ManagedEndpoint endpoint;

	/**
	 * Create a new strategy.
	 * @param delegate the strategy that upgrades
	 * @param sessions the session registry, which counts refusals
	 * @param endpoint the endpoint whose handshakes this strategy upgrades
	 */
	public PrincipalSlotUpgradeStrategy(RequestUpgradeStrategy delegate, SessionRegistry sessions,
			ManagedEndpoint endpoint) {
		super(delegate);
		this.sessions = sessions;
		this.endpoint = endpoint;
	}

	@Override
	public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
			List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		if (attributes.get(SessionSlots.ATTRIBUTE) instanceof SessionSlots.Slot slot
				&& !slot.assignUser((user != null) ? user.getName() : null)) {
			response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, HandshakeGuard.RETRY_AFTER_SECONDS);
			if (request instanceof ServletServerHttpRequest servletRequest) {
				servletRequest.getServletRequest()
					.setAttribute(HandshakeGuard.REJECTION_REASON_ATTRIBUTE, RejectionReason.USER_LIMIT);
			}
			this.sessions.rejected(this.endpoint, RejectionReason.USER_LIMIT);
			if (logger.isDebugEnabled()) {
				logger.debug("Rejected WebSocket handshake from " + request.getRemoteAddress() + ": "
						+ RejectionReason.USER_LIMIT);
			}
			return;
		}
		getDelegate().upgrade(request, response, selectedProtocol, selectedExtensions, user, wsHandler, attributes);
	}

}
