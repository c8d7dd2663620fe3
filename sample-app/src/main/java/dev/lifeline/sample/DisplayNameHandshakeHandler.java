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

package dev.lifeline.sample;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.Lifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Makes the display name a page sends as {@code ?user=<name>} the principal of its
 * session, so that the chat can address users ({@code /dm}) and show who wrote what.
 * <p>
 * <strong>This is for the demo only</strong>: anyone can claim any name. A real
 * application authenticates its users with Spring Security, whose principal a WebSocket
 * session inherits from the HTTP upgrade request without any handshake handler.
 * <p>
 * A handshake without {@code user} gets a session without a principal, as before. A name
 * that {@link ChatCommand#checkName(String) is not one word of 1 to 32 printable
 * characters}, or a repeated {@code user} parameter, is refused with HTTP 400 and one
 * DEBUG line; Lifeline's handshake guard then counts it as an invalid handshake.
 *
 * @author Lifeline contributors
 */
public class DisplayNameHandshakeHandler implements HandshakeHandler, Lifecycle {

	/**
	 * The query parameter that carries the display name.
	 */
	public static final String USER_PARAMETER = "user";

	private static final Log logger = LogFactory.getLog(DisplayNameHandshakeHandler.class);

	private final DefaultHandshakeHandler delegate;

	/**
	 * Create a handler that upgrades with the given strategy.
	 * @param upgradeStrategy the strategy of the endpoint, so that Lifeline's choices of
	 * extensions and native sessions still apply
	 */
	public DisplayNameHandshakeHandler(RequestUpgradeStrategy upgradeStrategy) {
		this.delegate = new DefaultHandshakeHandler(upgradeStrategy) {

			@Override
			protected @Nullable Principal determineUser(ServerHttpRequest request, WebSocketHandler wsHandler,
					Map<String, Object> attributes) {
				String name = displayName(request);
				return (name != null) ? new DisplayName(name) : super.determineUser(request, wsHandler, attributes);
			}

		};
	}

	@Override
	public boolean doHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		String problem = checkDisplayName(request);
		if (problem != null) {
			if (logger.isDebugEnabled()) {
				logger.debug("Refused WebSocket handshake from " + request.getRemoteAddress() + ": " + problem);
			}
			response.setStatusCode(HttpStatus.BAD_REQUEST);
			return false;
		}
		return this.delegate.doHandshake(request, response, wsHandler, attributes);
	}

	@Override
	public void start() {
		this.delegate.start();
	}

	@Override
	public void stop() {
		this.delegate.stop();
	}

	@Override
	public boolean isRunning() {
		return this.delegate.isRunning();
	}

	private static @Nullable String checkDisplayName(ServerHttpRequest request) {
		List<String> values = userParameters(request);
		if (values == null) {
			return null;
		}
		if (values.size() > 1) {
			return "more than one '" + USER_PARAMETER + "' parameter";
		}
		try {
			String problem = ChatCommand.checkName(decode(values.get(0)));
			return (problem != null) ? "bad '" + USER_PARAMETER + "' parameter: " + problem : null;
		}
		catch (IllegalArgumentException ex) {
			return "bad '" + USER_PARAMETER + "' parameter: " + ex.getMessage();
		}
	}

	private static @Nullable String displayName(ServerHttpRequest request) {
		List<String> values = userParameters(request);
		return (values != null) ? decode(values.get(0)) : null;
	}

	/**
	 * Return the raw values of the {@code user} parameter. The query is read from the
	 * servlet request when there is one, since {@link ServerHttpRequest#getURI()} drops a
	 * query that is not a valid URI part, such as a bad percent escape.
	 */
	private static @Nullable List<String> userParameters(ServerHttpRequest request) {
		String query = (request instanceof ServletServerHttpRequest servletRequest)
				? servletRequest.getServletRequest().getQueryString() : request.getURI().getRawQuery();
		if (query == null) {
			return null;
		}
		return UriComponentsBuilder.newInstance().query(query).build().getQueryParams().get(USER_PARAMETER);
	}

	private static String decode(@Nullable String value) {
		return (value != null) ? UriUtils.decode(value, StandardCharsets.UTF_8) : "";
	}

	/**
	 * The principal of a session whose page gave a display name.
	 *
	 * @param name the display name
	 */
	record DisplayName(String name) implements Principal {

		@Override
		public String getName() {
			return this.name;
		}

	}

}
