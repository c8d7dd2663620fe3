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

import dev.lifeline.server.handshake.WithoutPerMessageDeflateUpgradeStrategy;
import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hides the permessage-deflate offers of the upgrade requests of managed STOMP endpoints,
 * unless {@code lifeline.per-message-deflate} is set, as Lifeline's own endpoints do with
 * their upgrade strategy: a STOMP endpoint's handshake handler is the application's, so
 * the offer is hidden before it, and the container never negotiates an extension that
 * holds a compressor and a decompressor per session.
 *
 * @author Lifeline contributors
 */
public class StompUpgradeFilter extends OncePerRequestFilter {

	private static final String EXTENSIONS_HEADER = "Sec-WebSocket-Extensions";

	private final ObjectProvider<StompEndpoints> endpointsProvider;

	private volatile @Nullable StompEndpoints endpoints;

	/**
	 * Create a new filter.
	 * @param endpoints the managed STOMP endpoints, looked up at the first upgrade
	 */
	public StompUpgradeFilter(ObjectProvider<StompEndpoints> endpoints) {
		this.endpointsProvider = endpoints;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getHeader(EXTENSIONS_HEADER) != null && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
				&& isManaged(request)) {
			chain.doFilter(WithoutPerMessageDeflateUpgradeStrategy.hidePerMessageDeflate(request), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean isManaged(HttpServletRequest request) {
		StompEndpoints endpoints = this.endpoints;
		if (endpoints == null) {
			endpoints = this.endpointsProvider.getIfAvailable();
			if (endpoints == null) {
				return false;
			}
			this.endpoints = endpoints;
		}
		return endpoints.isManagedPath(request.getRequestURI().substring(request.getContextPath().length()));
	}

}
