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
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletContext;
import org.jspecify.annotations.Nullable;

import org.springframework.context.Lifecycle;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.context.ServletContextAware;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;

/**
 * A {@link RequestUpgradeStrategy} that hands everything to another one, its lifecycle
 * and servlet context included, for decorators to override what they change.
 *
 * @author Lifeline contributors
 */
public abstract class DelegatingUpgradeStrategy implements RequestUpgradeStrategy, Lifecycle, ServletContextAware {

	private final RequestUpgradeStrategy delegate;

	/**
	 * Create a new strategy.
	 * @param delegate the strategy that upgrades
	 */
	protected DelegatingUpgradeStrategy(RequestUpgradeStrategy delegate) {
		this.delegate = delegate;
	}

	/**
	 * Return the strategy that upgrades.
	 * @return the decorated strategy
	 */
	public RequestUpgradeStrategy getDelegate() {
		return this.delegate;
	}

	@Override
	public String[] getSupportedVersions() {
		return this.delegate.getSupportedVersions();
	}

	@Override
	public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
		return this.delegate.getSupportedExtensions(request);
	}

	@Override
	public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
			List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		this.delegate.upgrade(request, response, selectedProtocol, selectedExtensions, user, wsHandler, attributes);
	}

	@Override
	public void setServletContext(ServletContext servletContext) {
		if (this.delegate instanceof ServletContextAware servletContextAware) {
			servletContextAware.setServletContext(servletContext);
		}
	}

	@Override
	public void start() {
		if (this.delegate instanceof Lifecycle lifecycle) {
			lifecycle.start();
		}
	}

	@Override
	public void stop() {
		if (this.delegate instanceof Lifecycle lifecycle) {
			lifecycle.stop();
		}
	}

	@Override
	public boolean isRunning() {
		return !(this.delegate instanceof Lifecycle lifecycle) || lifecycle.isRunning();
	}

}
