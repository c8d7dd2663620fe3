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

import org.springframework.core.Ordered;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * Lifeline's part of the STOMP broker configuration: the decorator of the broker's
 * WebSocket handler and the interceptors of its client channels. Ordered last, so that
 * its decorator is the outermost one and its interceptors see what the application's
 * interceptors made of a message.
 *
 * @author Lifeline contributors
 */
public final class LifelineStompConfigurer implements WebSocketMessageBrokerConfigurer, Ordered {

	private final StompEndpoints endpoints;

	private final StompSessionTracker tracker;

	/**
	 * Create a new configurer.
	 * @param endpoints the STOMP endpoints Lifeline manages
	 * @param tracker the tracker of STOMP sessions
	 */
	public LifelineStompConfigurer(StompEndpoints endpoints, StompSessionTracker tracker) {
		this.endpoints = endpoints;
		this.tracker = tracker;
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registry) {
		registry.addDecoratorFactory(this.endpoints::decorate);
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(this.tracker.inbound());
	}

	@Override
	public void configureClientOutboundChannel(ChannelRegistration registration) {
		registration.interceptors(this.tracker.outbound());
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
