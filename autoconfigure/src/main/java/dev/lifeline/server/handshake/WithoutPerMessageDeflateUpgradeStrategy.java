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

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.util.StringUtils;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;

/**
 * Decorates the container's {@link RequestUpgradeStrategy} to decline the
 * permessage-deflate extension (RFC 7692) that clients, browsers included, offer.
 * <p>
 * Tomcat negotiates the extensions a client offers on its own when Spring selects none,
 * so declining one means hiding the offer from the container: the upgrade, on Tomcat and
 * on Jetty alike, sees the request without it. Other offered extensions are kept.
 *
 * @author Lifeline contributors
 */
public class WithoutPerMessageDeflateUpgradeStrategy extends DelegatingUpgradeStrategy {

	static final String EXTENSIONS_HEADER = "Sec-WebSocket-Extensions";

	static final String PER_MESSAGE_DEFLATE = "permessage-deflate";

	/**
	 * Create a new strategy.
	 * @param delegate the container's strategy
	 */
	public WithoutPerMessageDeflateUpgradeStrategy(RequestUpgradeStrategy delegate) {
		super(delegate);
	}

	@Override
	public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
		return getDelegate().getSupportedExtensions(request)
			.stream()
			.filter((extension) -> !isPerMessageDeflate(extension.getName()))
			.toList();
	}

	@Override
	public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
			List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		if (request instanceof ServletServerHttpRequest servletRequest
				&& servletRequest.getServletRequest().getHeader(EXTENSIONS_HEADER) != null) {
			request = new ServletServerHttpRequest(new OfferHidingRequest(servletRequest.getServletRequest()));
		}
		getDelegate().upgrade(request, response, selectedProtocol, selectedExtensions, user, wsHandler, attributes);
	}

	/**
	 * Return an upgrade request with its permessage-deflate offers hidden, for an upgrade
	 * that does not go through this strategy, such as that of a STOMP endpoint, whose
	 * handshake handler is the application's.
	 * @param request the upgrade request
	 * @return the request without the offers, or the request itself if it has no
	 * extension offers
	 */
	public static HttpServletRequest hidePerMessageDeflate(HttpServletRequest request) {
		return (request.getHeader(EXTENSIONS_HEADER) != null) ? new OfferHidingRequest(request) : request;
	}

	private static boolean isPerMessageDeflate(String extension) {
		return PER_MESSAGE_DEFLATE.equalsIgnoreCase(extension.trim());
	}

	/**
	 * The upgrade request with the permessage-deflate offers removed from its
	 * {@code Sec-WebSocket-Extensions} headers.
	 */
	static final class OfferHidingRequest extends HttpServletRequestWrapper {

		/**
		 * The other offers, joined into one header value, or {@code null} if none.
		 */
		private final @Nullable String otherOffers;

		OfferHidingRequest(HttpServletRequest request) {
			super(request);
			List<String> kept = new ArrayList<>();
			for (String value : Collections.list(request.getHeaders(EXTENSIONS_HEADER))) {
				for (String offer : StringUtils.tokenizeToStringArray(value, ",")) {
					if (!isPerMessageDeflate(offer.split(";", 2)[0])) {
						kept.add(offer);
					}
				}
			}
			this.otherOffers = kept.isEmpty() ? null : String.join(", ", kept);
		}

		@Override
		public @Nullable String getHeader(String name) {
			return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? this.otherOffers : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			if (!EXTENSIONS_HEADER.equalsIgnoreCase(name)) {
				return super.getHeaders(name);
			}
			return (this.otherOffers != null) ? Collections.enumeration(List.of(this.otherOffers))
					: Collections.emptyEnumeration();
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			if (this.otherOffers != null) {
				return super.getHeaderNames();
			}
			List<String> names = Collections.list(super.getHeaderNames());
			names.removeIf(EXTENSIONS_HEADER::equalsIgnoreCase);
			return Collections.enumeration(names);
		}

	}

}
