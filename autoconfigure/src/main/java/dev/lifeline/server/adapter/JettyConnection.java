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

import java.nio.ByteBuffer;
import java.time.Duration;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A connection over Jetty's own WebSocket API, which Spring's
 * {@code DefaultHandshakeHandler} upgrades with on Jetty 12: every send takes a callback
 * and returns at once.
 *
 * @author Lifeline contributors
 */
final class JettyConnection implements Connection {

	private final WebSocketSession containerSession;

	private final Session session;

	private final @Nullable EndPoint endPoint;

	private volatile Duration closeTimeout = Duration.ofSeconds(10);

	private JettyConnection(WebSocketSession containerSession, Session session) {
		this.containerSession = containerSession;
		this.session = session;
		this.endPoint = endPointOf(session);
	}

	static @Nullable Connection of(WebSocketSession containerSession) {
		Session session = Connections.nativeSession(containerSession, Session.class);
		return (session != null) ? new JettyConnection(containerSession, session) : null;
	}

	@Override
	public WebSocketSession containerSession() {
		return this.containerSession;
	}

	@Override
	public void write(WebSocketMessage<?> message, Completion completion) {
		Callback callback = Callback.from(() -> completion.written(null), completion::written);
		try {
			if (EncodedText.isText(message)) {
				String text = (String) message.getPayload();
				if (message.isLast()) {
					this.session.sendText(text, callback);
				}
				else {
					this.session.sendPartialText(text, false, callback);
				}
			}
			else if (message instanceof PingMessage) {
				this.session.sendPing(Frames.payloadOf(message), callback);
			}
			else if (message instanceof PongMessage) {
				this.session.sendPong(Frames.payloadOf(message), callback);
			}
			else {
				ByteBuffer payload = Frames.payloadOf(message);
				this.session.sendPartialBinary(payload, message.isLast(), callback);
			}
		}
		catch (RuntimeException ex) {
			completion.written(ex);
		}
	}

	/**
	 * Jetty's API layer delivers a pong's payload as a copy in a new direct buffer, and
	 * Spring's adapter copies it into another: two native allocations and two cleaners
	 * for the garbage collector to process per pong. An empty pong has no payload to
	 * copy.
	 */
	@Override
	public boolean prefersEmptyPings() {
		return true;
	}

	/**
	 * Close politely without waiting: Spring's own close of a Jetty session waits for the
	 * close frame to be written.
	 */
	@Override
	public void close(CloseStatus status) {
		try {
			this.session.close(status.getCode(), status.getReason(), Callback.NOOP);
		}
		catch (RuntimeException ex) {
			abort(status);
		}
	}

	/**
	 * Jetty's {@code disconnect()} drops the connection without a close frame, so the
	 * peer would see {@code 1006} where Tomcat's {@code doClose} sends the status. Queue
	 * the close frame first: Jetty writes it at once when the connection can take it, and
	 * the disconnect that follows discards it when it cannot. A status that must not be
	 * sent, such as {@code 1006} after a failed write, only disconnects.
	 */
	@Override
	public void abort(CloseStatus status) {
		try {
			if (Frames.isTransmittable(status.getCode())) {
				this.session.close(status.getCode(), status.getReason(), Callback.NOOP);
			}
		}
		finally {
			this.session.disconnect();
		}
	}

	@Override
	public boolean isOpen() {
		return this.session.isOpen();
	}

	/**
	 * Read from the connection's endpoint, which takes no lock: Jetty's session answers
	 * whether it is open under its lock, and every lock taken writes the owning thread
	 * into the lock, a reference store that the garbage collector's write barrier records
	 * and refines later. The cleanup sweep asks every session every few seconds.
	 */
	@Override
	public boolean isClosed() {
		EndPoint endPoint = this.endPoint;
		return (endPoint != null) ? !endPoint.isOpen() : !isOpen();
	}

	/**
	 * Jetty's sessions otherwise close after 30 s without a frame, and reschedule that
	 * check as frames pass; the heartbeat closes a silent peer within its interval and
	 * timeout.
	 */
	@Override
	public void leaveIdleTimeoutToHeartbeat() {
		this.session.setIdleTimeout(Duration.ZERO);
	}

	@Override
	public void bound(Duration blockingSendTimeout, Duration closeTimeout) {
		this.closeTimeout = closeTimeout;
	}

	/**
	 * The heartbeat no longer watches the connection once its session finished: should
	 * the connection outlive it (a close handshake the peer never completes), Jetty's
	 * idle timeout, which the heartbeat had replaced, closes it within the close timeout.
	 * <p>
	 * Setting the idle timeout schedules a check that holds the whole connection until it
	 * runs. Jetty cancels that check when it closes the connection, but not one scheduled
	 * while it was closing on another thread, which then keeps the closed connection for
	 * the close timeout. A connection that is closed once the timeout is set gets no
	 * timeout: setting none cancels whatever check was scheduled.
	 */
	@Override
	public void finished() {
		EndPoint endPoint = this.endPoint;
		if (endPoint != null && !endPoint.isOpen()) {
			return;
		}
		try {
			this.session.setIdleTimeout(this.closeTimeout);
			if (endPoint != null && !endPoint.isOpen()) {
				this.session.setIdleTimeout(Duration.ZERO);
			}
		}
		catch (RuntimeException ex) {
			// Closed meanwhile: nothing left to bound.
		}
	}

	private static @Nullable EndPoint endPointOf(Session session) {
		if (session instanceof org.eclipse.jetty.websocket.common.WebSocketSession jettySession
				&& jettySession.getCoreSession() instanceof WebSocketCoreSession coreSession
				&& coreSession.getConnection() != null) {
			return coreSession.getConnection().getEndPoint();
		}
		return null;
	}

}
