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

import java.io.IOException;

import dev.lifeline.server.SessionClosedException;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Stands between a STOMP endpoint's Lifeline handler and Spring's
 * {@code SubProtocolWebSocketHandler}, which sees each Lifeline session through a
 * {@link SessionView}: a send to a session Lifeline has cut off as a slow consumer fails
 * as a send to a closed session, not with {@link SessionLimitExceededException}.
 * <p>
 * Lifeline has then closed the session and counted it already, and tells Spring's handler
 * once, through {@code afterConnectionClosed}, when the session ends. On a
 * {@code SessionLimitExceededException} Spring's handler would end the session itself as
 * well, logging a WARN and publishing a {@code SessionDisconnectEvent} of its own before
 * the one that follows the close.
 *
 * @author Lifeline contributors
 */
final class StompSessionViews extends WebSocketHandlerDecorator {

	StompSessionViews(WebSocketHandler delegate) {
		super(delegate);
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		super.afterConnectionEstablished(new SessionView(session));
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		super.handleMessage(new SessionView(session), message);
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
		super.handleTransportError(new SessionView(session), exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		super.afterConnectionClosed(new SessionView(session), closeStatus);
	}

	/**
	 * A Lifeline session as Spring's STOMP handler sees it.
	 */
	static final class SessionView extends WebSocketSessionDecorator {

		SessionView(WebSocketSession session) {
			super(session);
		}

		@Override
		public void sendMessage(WebSocketMessage<?> message) throws IOException {
			try {
				super.sendMessage(message);
			}
			catch (SessionLimitExceededException ex) {
				throw new SessionClosedException(getId());
			}
		}

	}

}
