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

import dev.lifeline.server.engine.LifelineWebSocketHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * The decorator Lifeline adds to a STOMP broker's {@code SubProtocolWebSocketHandler}
 * (through {@code WebSocketTransportRegistration#addDecoratorFactory}): Spring shares one
 * decorated handler among all STOMP endpoints of a broker, so this one hands each session
 * to the {@link LifelineWebSocketHandler} of the endpoint whose handshake guard let it
 * in, named by a handshake attribute. Sessions without one, those of a SockJS endpoint,
 * go to Spring's handler unmanaged.
 *
 * @author Lifeline contributors
 */
final class StompSessionHandler extends WebSocketHandlerDecorator {

	/**
	 * Name of the handshake attribute that names the Lifeline endpoint of a session.
	 */
	static final String ENDPOINT_ATTRIBUTE = StompSessionHandler.class.getName() + ".endpoint";

	private final Map<String, LifelineWebSocketHandler> endpoints = new ConcurrentHashMap<>();

	StompSessionHandler(WebSocketHandler delegate) {
		super(delegate);
	}

	void addEndpoint(String name, LifelineWebSocketHandler handler) {
		this.endpoints.put(name, handler);
	}

	boolean isEmpty() {
		return this.endpoints.isEmpty();
	}

	private WebSocketHandler route(WebSocketSession session) {
		WebSocketHandler handler = (session.getAttributes().get(ENDPOINT_ATTRIBUTE) instanceof String name)
				? this.endpoints.get(name) : null;
		return (handler != null) ? handler : getDelegate();
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		route(session).afterConnectionEstablished(session);
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		route(session).handleMessage(session, message);
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
		route(session).handleTransportError(session, exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		route(session).afterConnectionClosed(session, closeStatus);
	}

	/**
	 * Lifeline's handlers join partial messages themselves; the sessions left to Spring's
	 * handler come from SockJS, which never delivers parts.
	 * @return {@code true}
	 */
	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

}
