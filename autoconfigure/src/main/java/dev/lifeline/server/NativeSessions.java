package dev.lifeline.server;

import java.io.IOException;
import java.time.Duration;

import jakarta.websocket.CloseReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * The few container-specific operations that the portable WebSocket API lacks: bounding
 * how long a blocked write may take, and aborting a connection whose peer will never
 * answer a close handshake.
 *
 * @author Lifeline contributors
 */
final class NativeSessions {

	private static final Log logger = LogFactory.getLog(NativeSessions.class);

	private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent("org.apache.tomcat.websocket.WsSession",
			NativeSessions.class.getClassLoader());

	private static final boolean JETTY_PRESENT = ClassUtils.isPresent("org.eclipse.jetty.websocket.api.Session",
			NativeSessions.class.getClassLoader());

	static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	static final String SESSION_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT";

	static final String CLOSE_SEND_TIMEOUT = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";

	/**
	 * How long a polite close frame other than {@code 1000} may wait for a data frame
	 * that is being written. Tomcat's 50 ms default drops the connection without a close
	 * frame whenever the application is sending, so clients of a busy server would see
	 * {@code 1006} instead of the {@code 1001} of a shutdown.
	 */
	private static final long CLOSE_SEND_TIMEOUT_MILLIS = 1000;

	/**
	 * How long the close frame of an abort may wait: the peer is dead or not reading, so
	 * the frame is written only if it fits at once.
	 */
	private static final long ABORT_CLOSE_SEND_TIMEOUT_MILLIS = 50;

	private NativeSessions() {
	}

	/**
	 * Bound how long a write may block and how long a close handshake may take, so that a
	 * peer that stopped reading cannot hold a thread or a socket for the container's
	 * defaults (20 and 30 seconds on Tomcat), and give close frames time to follow a data
	 * frame being written.
	 * @param session the container's session
	 * @param blockingSendTimeout the longest a write may block
	 * @param closeTimeout the longest wait for the peer's close frame
	 */
	static void configure(WebSocketSession session, Duration blockingSendTimeout, Duration closeTimeout) {
		jakarta.websocket.Session standard = nativeSession(session, jakarta.websocket.Session.class);
		if (standard != null) {
			standard.getUserProperties().put(BLOCKING_SEND_TIMEOUT, blockingSendTimeout.toMillis());
			standard.getUserProperties().put(SESSION_CLOSE_TIMEOUT, closeTimeout.toMillis());
			standard.getUserProperties()
				.put(CLOSE_SEND_TIMEOUT, Math.min(CLOSE_SEND_TIMEOUT_MILLIS, blockingSendTimeout.toMillis()));
		}
	}

	/**
	 * Close the connection now, sending a close frame if it can be written at once but
	 * without waiting for the peer's answer.
	 * @param session the container's session
	 * @param status the status to send
	 */
	static void abort(WebSocketSession session, CloseStatus status) {
		try {
			if (TOMCAT_PRESENT && Tomcat.abort(session, status)) {
				return;
			}
			if (JETTY_PRESENT && Jetty.abort(session, status)) {
				return;
			}
			session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Failed to abort WebSocket session " + session.getId(), ex);
			}
		}
	}

	/**
	 * Whether the connection is closed, not merely the session: after a server-initiated
	 * close, Tomcat keeps the connection open until the peer answers.
	 * @param session the container's session
	 * @return {@code true} if the connection is closed
	 */
	static boolean isClosed(WebSocketSession session) {
		if (TOMCAT_PRESENT) {
			org.apache.tomcat.websocket.WsSession wsSession = nativeSession(session,
					org.apache.tomcat.websocket.WsSession.class);
			if (wsSession != null) {
				return wsSession.isClosed();
			}
		}
		return !session.isOpen();
	}

	static <T> @Nullable T nativeSession(WebSocketSession session, Class<T> type) {
		if (session instanceof NativeWebSocketSession nativeSession) {
			return nativeSession.getNativeSession(type);
		}
		return null;
	}

	private static final class Tomcat {

		static boolean abort(WebSocketSession session, CloseStatus status) {
			org.apache.tomcat.websocket.WsSession wsSession = nativeSession(session,
					org.apache.tomcat.websocket.WsSession.class);
			if (wsSession == null) {
				return false;
			}
			CloseReason reason = new CloseReason(CloseReason.CloseCodes.getCloseCode(status.getCode()),
					(status.getReason() != null) ? status.getReason() : "");
			wsSession.getUserProperties().put(CLOSE_SEND_TIMEOUT, ABORT_CLOSE_SEND_TIMEOUT_MILLIS);
			wsSession.doClose(reason, reason, true);
			return true;
		}

	}

	private static final class Jetty {

		/**
		 * Jetty's {@code disconnect()} drops the connection without a close frame, so the
		 * peer would see {@code 1006} where Tomcat's {@code doClose} sends the status.
		 * Queue the close frame first: Jetty writes it at once when the connection can
		 * take it, and the disconnect that follows discards it when it cannot.
		 */
		static boolean abort(WebSocketSession session, CloseStatus status) {
			org.eclipse.jetty.websocket.api.Session jettySession = nativeSession(session,
					org.eclipse.jetty.websocket.api.Session.class);
			if (jettySession == null) {
				return false;
			}
			try {
				jettySession.close(status.getCode(), status.getReason(), org.eclipse.jetty.websocket.api.Callback.NOOP);
			}
			finally {
				jettySession.disconnect();
			}
			return true;
		}

	}

}
