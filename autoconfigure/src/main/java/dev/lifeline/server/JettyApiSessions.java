package dev.lifeline.server;

import java.nio.ByteBuffer;
import java.time.Duration;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Writes and aborts through Jetty's own WebSocket API, which Spring's
 * {@code DefaultHandshakeHandler} upgrades with on Jetty 12: every send takes a callback
 * and returns at once.
 *
 * @author Lifeline contributors
 */
final class JettyApiSessions {

	private JettyApiSessions() {
	}

	static @Nullable FrameWriter writer(WebSocketSession session) {
		Session jettySession = NativeSessions.nativeSession(session, Session.class);
		return (jettySession != null) ? new SessionWriter(jettySession) : null;
	}

	static void disableIdleTimeout(WebSocketSession session) {
		Session jettySession = NativeSessions.nativeSession(session, Session.class);
		if (jettySession != null) {
			jettySession.setIdleTimeout(Duration.ZERO);
		}
	}

	/**
	 * Close politely without waiting: Spring's own close of a Jetty session waits for the
	 * close frame to be written.
	 */
	static boolean close(WebSocketSession session, CloseStatus status) {
		Session jettySession = NativeSessions.nativeSession(session, Session.class);
		if (jettySession == null) {
			return false;
		}
		jettySession.close(status.getCode(), status.getReason(), Callback.NOOP);
		return true;
	}

	/**
	 * Jetty's {@code disconnect()} drops the connection without a close frame, so the
	 * peer would see {@code 1006} where Tomcat's {@code doClose} sends the status. Queue
	 * the close frame first: Jetty writes it at once when the connection can take it, and
	 * the disconnect that follows discards it when it cannot. A status that must not be
	 * sent, such as {@code 1006} after a failed write, only disconnects.
	 */
	static boolean abort(WebSocketSession session, CloseStatus status) {
		Session jettySession = NativeSessions.nativeSession(session, Session.class);
		if (jettySession == null) {
			return false;
		}
		try {
			if (isTransmittable(status.getCode())) {
				jettySession.close(status.getCode(), status.getReason(), Callback.NOOP);
			}
		}
		finally {
			jettySession.disconnect();
		}
		return true;
	}

	/**
	 * Whether a close code may appear in a close frame (RFC 6455, section 7.4.1).
	 */
	private static boolean isTransmittable(int code) {
		return code != CloseStatus.NO_STATUS_CODE.getCode() && code != CloseStatus.NO_CLOSE_FRAME.getCode()
				&& code != CloseStatus.TLS_HANDSHAKE_FAILURE.getCode();
	}

	private record SessionWriter(Session session) implements FrameWriter {

		@Override
		public void write(WebSocketMessage<?> message, Completion completion) {
			Callback callback = Callback.from(() -> completion.written(null), completion::written);
			try {
				if (FrameWriter.isText(message)) {
					String text = (String) message.getPayload();
					if (message.isLast()) {
						this.session.sendText(text, callback);
					}
					else {
						this.session.sendPartialText(text, false, callback);
					}
				}
				else if (message instanceof PingMessage) {
					this.session.sendPing(FrameWriter.payloadOf(message), callback);
				}
				else if (message instanceof PongMessage) {
					this.session.sendPong(FrameWriter.payloadOf(message), callback);
				}
				else {
					ByteBuffer payload = FrameWriter.payloadOf(message);
					this.session.sendPartialBinary(payload, message.isLast(), callback);
				}
			}
			catch (RuntimeException ex) {
				completion.written(ex);
			}
		}

	}

}
