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

import dev.lifeline.server.engine.ResumeSettings;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;

/**
 * Decorates a managed endpoint's {@link RequestUpgradeStrategy} to accept the
 * {@value ResumeSettings#PROTOCOL} sub-protocol from the clients that offer it, beside
 * the endpoint's own: the handshake handler selects the application's sub-protocol among
 * the others as usual, and this strategy answers {@value ResumeSettings#PROTOCOL} and
 * keeps the application's choice for the session, which reports it as its accepted
 * protocol. Clients that do not offer it are upgraded exactly as before.
 *
 * @author Lifeline contributors
 */
public class ResumeProtocolUpgradeStrategy extends DelegatingUpgradeStrategy {

	/**
	 * Create a new strategy.
	 * @param delegate the strategy that upgrades
	 */
	public ResumeProtocolUpgradeStrategy(RequestUpgradeStrategy delegate) {
		super(delegate);
	}

	@Override
	public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
			List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		if (offersResume(request)) {
			String application = (selectedProtocol != null && !ResumeSettings.PROTOCOL.equals(selectedProtocol))
					? selectedProtocol : "";
			attributes.put(ResumeSettings.APPLICATION_PROTOCOL_ATTRIBUTE, application);
			selectedProtocol = ResumeSettings.PROTOCOL;
		}
		getDelegate().upgrade(request, response, selectedProtocol, selectedExtensions, user, wsHandler, attributes);
	}

	private static boolean offersResume(ServerHttpRequest request) {
		List<String> offered = request.getHeaders().get(WebSocketHttpHeaders.SEC_WEBSOCKET_PROTOCOL);
		if (offered == null) {
			return false;
		}
		for (String header : offered) {
			for (String protocol : header.split(",")) {
				if (protocol.trim().equals(ResumeSettings.PROTOCOL)) {
					return true;
				}
			}
		}
		return false;
	}

}
