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

package dev.lifeline.test;

import java.security.Principal;
import java.util.Map;
import java.util.Set;

import dev.lifeline.autoconfigure.ManagedEndpointCustomizer;

import dev.lifeline.server.GroupLimitExceededException;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.WebSocketSessions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A Lifeline application with rooms: clients authenticate with a {@code user} query
 * parameter, which a handshake handler set by a {@link ManagedEndpointCustomizer} turns
 * into the principal, and send commands: {@code join:<group>}, {@code leave:<group>},
 * {@code groups}, and {@code say:<group>:<text>}, which sends the text to the other
 * members of the group. Joins and leaves are answered with
 * {@code joined:<group>:<true|false>}, {@code limit:<group>} or
 * {@code left:<group>:<true|false>}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class GroupChatTestApplication {

	@Bean
	ManagedEndpointCustomizer userFromQuery() {
		return (registration) -> registration
			.setHandshakeHandler(new DefaultHandshakeHandler(registration.getRequestUpgradeStrategy()) {

				@Override
				protected Principal determineUser(ServerHttpRequest request, WebSocketHandler wsHandler,
						Map<String, Object> attributes) {
					String user = UriComponentsBuilder.fromUri(request.getURI())
						.build()
						.getQueryParams()
						.getFirst("user");
					return (user != null) ? () -> user : null;
				}

			});
	}

	@Bean
	GroupChatHandler groupChatHandler(ObjectProvider<WebSocketSessions> sessions) {
		return new GroupChatHandler(sessions);
	}

	/**
	 * Carries out the commands with the session's and the registry's group API.
	 */
	public static class GroupChatHandler extends TextWebSocketHandler {

		private final ObjectProvider<WebSocketSessions> sessions;

		GroupChatHandler(ObjectProvider<WebSocketSessions> sessions) {
			this.sessions = sessions;
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			LifelineSession lifeline = (LifelineSession) session;
			String text = message.getPayload();
			if (text.startsWith("join:")) {
				String group = text.substring(5);
				try {
					session.sendMessage(new TextMessage("joined:" + group + ":" + lifeline.join(group)));
				}
				catch (GroupLimitExceededException ex) {
					session.sendMessage(new TextMessage("limit:" + group));
				}
			}
			else if (text.startsWith("leave:")) {
				String group = text.substring(6);
				session.sendMessage(new TextMessage("left:" + group + ":" + lifeline.leave(group)));
			}
			else if (text.equals("groups")) {
				Set<String> groups = lifeline.getGroups();
				session.sendMessage(new TextMessage("groups:" + String.join(",", groups)));
			}
			else if (text.startsWith("say:")) {
				int colon = text.indexOf(':', 4);
				String group = text.substring(4, colon);
				this.sessions.getObject()
					.sendToGroup(group, new TextMessage(text.substring(colon + 1)), session.getId());
			}
			else {
				session.sendMessage(message);
			}
		}

	}

}
