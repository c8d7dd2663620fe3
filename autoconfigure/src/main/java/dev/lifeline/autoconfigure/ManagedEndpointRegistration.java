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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.springframework.util.Assert;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.RequestUpgradeStrategy;

/**
 * The handshake of one of Lifeline's managed endpoints, as
 * {@link ManagedEndpointCustomizer customizers} see it before the endpoint is mapped.
 * <p>
 * Interceptors added here run after Lifeline's own checks (origin, key, shutdown and
 * session caps), so they only see handshakes Lifeline would accept; an interceptor that
 * refuses one sets the response status and returns {@code false}. A
 * {@link HandshakeHandler} set here replaces Lifeline's; to keep Lifeline's upgrade
 * strategy (which declines {@code permessage-deflate} unless
 * {@code lifeline.per-message-deflate} is set) while deciding the principal, extend
 * {@code DefaultHandshakeHandler} with {@link #getRequestUpgradeStrategy()}. The
 * endpoint's {@code subprotocols} are offered by any {@code AbstractHandshakeHandler}
 * that supports none of its own.
 *
 * @author Lifeline contributors
 */
public final class ManagedEndpointRegistration {

	private final String name;

	private final String path;

	private final RequestUpgradeStrategy requestUpgradeStrategy;

	private final List<HandshakeInterceptor> interceptors = new ArrayList<>();

	private HandshakeHandler handshakeHandler;

	ManagedEndpointRegistration(String name, String path, RequestUpgradeStrategy requestUpgradeStrategy,
			HandshakeHandler handshakeHandler) {
		this.name = name;
		this.path = path;
		this.requestUpgradeStrategy = requestUpgradeStrategy;
		this.handshakeHandler = handshakeHandler;
	}

	/**
	 * Return the endpoint's name, the bean name of its {@code WebSocketHandler}.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the path the endpoint accepts upgrades at.
	 * @return the path
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Add interceptors that run, in the order added, after Lifeline's own checks.
	 * @param interceptors the interceptors
	 * @return this registration
	 */
	public ManagedEndpointRegistration addInterceptors(HandshakeInterceptor... interceptors) {
		Assert.noNullElements(interceptors, "Interceptors must not contain null elements");
		this.interceptors.addAll(Arrays.asList(interceptors));
		return this;
	}

	/**
	 * Return the interceptors added so far.
	 * @return the interceptors, unmodifiable
	 */
	public List<HandshakeInterceptor> getInterceptors() {
		return Collections.unmodifiableList(this.interceptors);
	}

	/**
	 * Set the handler that performs the upgrade.
	 * @param handshakeHandler the handshake handler
	 * @return this registration
	 */
	public ManagedEndpointRegistration setHandshakeHandler(HandshakeHandler handshakeHandler) {
		Assert.notNull(handshakeHandler, "HandshakeHandler must not be null");
		this.handshakeHandler = handshakeHandler;
		return this;
	}

	/**
	 * Return the handler that performs the upgrade: Lifeline's, unless one was set.
	 * @return the handshake handler
	 */
	public HandshakeHandler getHandshakeHandler() {
		return this.handshakeHandler;
	}

	/**
	 * Return Lifeline's upgrade strategy for this endpoint, to build a
	 * {@code DefaultHandshakeHandler} with.
	 * @return the request upgrade strategy
	 */
	public RequestUpgradeStrategy getRequestUpgradeStrategy() {
		return this.requestUpgradeStrategy;
	}

}
