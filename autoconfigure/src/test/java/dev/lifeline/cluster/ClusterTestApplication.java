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

package dev.lifeline.cluster;

import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.UserFromQueryFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * A Lifeline application whose handler broadcasts every message it receives, like a chat
 * room, through the session registry. A {@code user} query parameter authenticates the
 * session as that user.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class ClusterTestApplication {

	@Bean
	UserFromQueryFilter userFromQueryFilter() {
		return new UserFromQueryFilter();
	}

	@Bean
	BroadcastHandler broadcastHandler(ObjectProvider<WebSocketSessions> sessions) {
		return new BroadcastHandler(sessions);
	}

	/**
	 * Broadcasts every message to every session.
	 */
	public static class BroadcastHandler extends AbstractWebSocketHandler {

		private final ObjectProvider<WebSocketSessions> sessions;

		BroadcastHandler(ObjectProvider<WebSocketSessions> sessions) {
			this.sessions = sessions;
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			this.sessions.getObject().broadcast(message);
		}

		@Override
		protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
			this.sessions.getObject().broadcast(message);
		}

	}

}
