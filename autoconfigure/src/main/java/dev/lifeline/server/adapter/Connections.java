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

package dev.lifeline.server.adapter;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Chooses the {@link Connection} for a container's session, and tells what Lifeline
 * cannot do on the container it runs on.
 *
 * @author Lifeline contributors
 */
public final class Connections {

	private static final ClassLoader CLASS_LOADER = Connections.class.getClassLoader();

	private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent("org.apache.tomcat.websocket.WsSession",
			CLASS_LOADER);

	private static final boolean JETTY_API_PRESENT = ClassUtils.isPresent("org.eclipse.jetty.websocket.api.Session",
			CLASS_LOADER);

	private static final boolean JETTY_JAKARTA_PRESENT = ClassUtils
		.isPresent("org.eclipse.jetty.ee11.websocket.jakarta.common.JakartaWebSocketSession", CLASS_LOADER);

	private Connections() {
	}

	/**
	 * Return a connection over a container's session.
	 * @param session the container's session, as Spring's handshake made it
	 * @return the connection
	 */
	public static Connection of(WebSocketSession session) {
		Session standard = nativeSession(session, Session.class);
		if (standard == null) {
			Connection jetty = JETTY_API_PRESENT ? JettyConnection.of(session) : null;
			return (jetty != null) ? jetty : new SpringSessionConnection(session);
		}
		Connection connection = null;
		if (TOMCAT_PRESENT) {
			connection = TomcatConnection.of(session, standard);
		}
		if (connection == null && JETTY_JAKARTA_PRESENT) {
			connection = JettyJakartaConnection.of(session, standard);
		}
		return (connection != null) ? connection : new StandardConnection(session, standard);
	}

	/**
	 * Return what Lifeline cannot do on the containers present, each a sentence naming
	 * the container's version and the consequence; empty when it can do everything.
	 * @return the limitations
	 */
	public static List<String> limitations() {
		if (!TOMCAT_PRESENT) {
			return List.of();
		}
		return Stream.of(TomcatInternals.limitation(), TomcatConnectionRelease.limitation())
			.filter(Objects::nonNull)
			.toList();
	}

	static <T> @Nullable T nativeSession(WebSocketSession session, Class<T> type) {
		if (session instanceof NativeWebSocketSession nativeSession) {
			return nativeSession.getNativeSession(type);
		}
		return null;
	}

	/**
	 * A session Spring made over no container Lifeline knows: writes through Spring's
	 * own, blocking, {@code sendMessage}.
	 */
	private static final class SpringSessionConnection implements Connection {

		private static final Log logger = LogFactory.getLog(SpringSessionConnection.class);

		private final WebSocketSession session;

		SpringSessionConnection(WebSocketSession session) {
			this.session = session;
		}

		@Override
		public WebSocketSession containerSession() {
			return this.session;
		}

		@Override
		public void write(WebSocketMessage<?> message, Completion completion) {
			try {
				this.session.sendMessage(message);
				completion.written(null);
			}
			catch (IOException | RuntimeException ex) {
				completion.written(ex);
			}
		}

		@Override
		public void close(CloseStatus status) {
			abort(status);
		}

		@Override
		public void abort(CloseStatus status) {
			try {
				this.session.close(status);
			}
			catch (IOException | RuntimeException ex) {
				if (logger.isDebugEnabled()) {
					logger.debug("Failed to close WebSocket session " + this.session.getId() + ": " + ex);
				}
			}
		}

	}

}
