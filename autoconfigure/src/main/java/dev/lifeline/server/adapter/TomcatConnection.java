package dev.lifeline.server.adapter;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import org.apache.catalina.util.ServerInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.apache.tomcat.websocket.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A connection over Tomcat's {@link WsSession}, the one place where Lifeline reaches into
 * a container's internals.
 * <p>
 * Tomcat's Jakarta API writes control frames and partial messages only blocking, and a
 * text message in as many frames, each completed on another thread, as its encoder buffer
 * needs. Its package-private {@code startMessage} is the asynchronous path its own
 * messages take: one frame from a buffer, completed once. Its asynchronous path hands
 * every completion to an executor thread; a ping known to fit the socket goes through the
 * package-private blocking write with a bound of its own instead, which completes on the
 * calling thread.
 * <p>
 * When a Tomcat version moves those members, {@link Internals#limitation()} says so, the
 * auto-configuration logs it once at startup and the health indicator shows it, and the
 * connection writes through the {@link StandardConnection portable path}, whose control
 * frames go through a pool of their own so that no stalled peer holds up another
 * session's ping. Setting the system property {@value Internals#ENABLED_PROPERTY} to
 * {@code false} chooses that path on purpose.
 *
 * @author Lifeline contributors
 */
final class TomcatConnection extends StandardConnection {

	/**
	 * How long the close frame of an abort may wait: the peer is dead or not reading, so
	 * the frame is written only if it fits at once. Kept small, since one sweep may abort
	 * many sessions in a row.
	 */
	private static final long ABORT_CLOSE_SEND_TIMEOUT_MILLIS = 5;

	private final WsSession wsSession;

	private final @Nullable Object endpoint;

	/**
	 * Tomcat's time of the session's last write, as read after Lifeline's last completed
	 * write, or {@code -1}.
	 */
	private volatile long lastWriteSeen = -1;

	private TomcatConnection(WebSocketSession containerSession, WsSession wsSession, @Nullable Object endpoint) {
		super(containerSession, wsSession);
		this.wsSession = wsSession;
		this.endpoint = endpoint;
	}

	static @Nullable Connection of(WebSocketSession containerSession, Session session) {
		return (session instanceof WsSession wsSession)
				? new TomcatConnection(containerSession, wsSession, Internals.endpointOf(wsSession)) : null;
	}

	@Override
	public void write(WebSocketMessage<?> message, Completion completion) {
		Object endpoint = this.endpoint;
		Method startMessage = Internals.START_MESSAGE;
		if (endpoint == null || startMessage == null) {
			super.write(message, completion);
			return;
		}
		SendHandler handler = (result) -> {
			if (result.isOK()) {
				this.lastWriteSeen = Internals.lastActiveWrite(this.wsSession);
			}
			completion.written(result.isOK() ? null : result.getException());
		};
		try {
			startMessage.invoke(endpoint, Frames.opcodeOf(message), Frames.payloadOf(message), message.isLast(),
					handler);
		}
		catch (InvocationTargetException ex) {
			completion.written(ex.getTargetException());
		}
		catch (IllegalAccessException | RuntimeException ex) {
			completion.written(ex);
		}
	}

	/**
	 * Tomcat's blocking write, bounded by
	 * {@value StandardConnection#CONTROL_FRAME_SEND_TIMEOUT_MILLIS} ms: a frame the
	 * socket takes at once completes here, on the calling thread. It takes this path only
	 * when Tomcat has written nothing since Lifeline's last completed write: Tomcat
	 * answers a peer's pings itself, and a peer that sends pings without reading could
	 * have filled the socket with those answers.
	 */
	@Override
	public void writeControlFrameNow(WebSocketMessage<?> message, Completion completion) {
		Object endpoint = this.endpoint;
		Method sendMessageBlock = Internals.SEND_MESSAGE_BLOCK;
		long lastWrite = Internals.lastActiveWrite(this.wsSession);
		if (endpoint == null || sendMessageBlock == null || lastWrite == -1 || lastWrite != this.lastWriteSeen) {
			write(message, completion);
			return;
		}
		Throwable failure = null;
		try {
			sendMessageBlock.invoke(endpoint, Frames.opcodeOf(message), Frames.payloadOf(message), true,
					CONTROL_FRAME_SEND_TIMEOUT_MILLIS);
			this.lastWriteSeen = Internals.lastActiveWrite(this.wsSession);
		}
		catch (InvocationTargetException ex) {
			failure = ex.getTargetException();
		}
		catch (IllegalAccessException | RuntimeException ex) {
			failure = ex;
		}
		completion.written(failure);
	}

	/**
	 * Tomcat's {@code doClose} tries the close frame within a few milliseconds, runs the
	 * endpoint's close callback on this thread, closes the socket and fails the write in
	 * flight.
	 */
	@Override
	public void abort(CloseStatus status) {
		CloseReason reason = Frames.closeReason(status);
		this.wsSession.getUserProperties().put(CLOSE_SEND_TIMEOUT, ABORT_CLOSE_SEND_TIMEOUT_MILLIS);
		this.wsSession.getUserProperties().put(BLOCKING_SEND_TIMEOUT, ABORT_CLOSE_SEND_TIMEOUT_MILLIS);
		try {
			this.wsSession.doClose(reason, reason, true);
			if (!this.wsSession.isClosed()) {
				// A polite close was sent before and Tomcat waits for the answer: take
				// the answer as given, which closes the connection.
				this.wsSession.onClose(reason);
			}
		}
		catch (RuntimeException ex) {
			super.abort(status);
		}
		finally {
			TomcatConnectionRelease.release(this.wsSession);
		}
	}

	@Override
	public void finished() {
		TomcatConnectionRelease.release(this.wsSession);
	}

	@Override
	public boolean isClosed() {
		return this.wsSession.isClosed();
	}

	/**
	 * Tomcat's package-private members that Lifeline writes through, looked up once.
	 */
	static final class Internals {

		static final String ENABLED_PROPERTY = "lifeline.tomcat.internals";

		private static final Log logger = LogFactory.getLog(TomcatConnection.class);

		static final @Nullable Field BASE;

		static final @Nullable Method START_MESSAGE;

		static final @Nullable Method SEND_MESSAGE_BLOCK;

		private static final @Nullable Field LAST_ACTIVE_WRITE;

		private static final @Nullable String LIMITATION;

		static {
			ClassLoader classLoader = TomcatConnection.class.getClassLoader();
			Field base = null;
			Method startMessage = null;
			Method sendMessageBlock = null;
			Field lastActiveWrite = null;
			String missing = null;
			if (!Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"))) {
				missing = "turned off with -D" + ENABLED_PROPERTY + "=false";
			}
			else {
				try {
					base = ReflectionUtils.findField(
							ClassUtils.forName("org.apache.tomcat.websocket.WsRemoteEndpointBase", classLoader),
							"base");
					if (base == null) {
						throw new NoSuchFieldException("WsRemoteEndpointBase.base");
					}
					base.setAccessible(true);
					startMessage = WsRemoteEndpointImplBase.class.getDeclaredMethod("startMessage", byte.class,
							ByteBuffer.class, boolean.class, SendHandler.class);
					startMessage.setAccessible(true);
					sendMessageBlock = WsRemoteEndpointImplBase.class.getDeclaredMethod("sendMessageBlock", byte.class,
							ByteBuffer.class, boolean.class, long.class);
					sendMessageBlock.setAccessible(true);
					lastActiveWrite = ReflectionUtils.findField(WsSession.class, "lastActiveWrite", long.class);
					if (lastActiveWrite == null) {
						throw new NoSuchFieldException("WsSession.lastActiveWrite");
					}
					lastActiveWrite.setAccessible(true);
				}
				catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
					missing = ex.toString();
					base = null;
					startMessage = null;
					sendMessageBlock = null;
					lastActiveWrite = null;
				}
			}
			BASE = base;
			START_MESSAGE = startMessage;
			SEND_MESSAGE_BLOCK = sendMessageBlock;
			LAST_ACTIVE_WRITE = lastActiveWrite;
			LIMITATION = (missing != null) ? "Tomcat " + serverNumber()
					+ ": Lifeline writes through the portable Jakarta API instead of Tomcat's asynchronous"
					+ " frame writes (" + missing + "): each message completes on an executor thread, and"
					+ " pings are written on a pool of " + "blocking writes bounded at "
					+ CONTROL_FRAME_SEND_TIMEOUT_MILLIS + " ms" : null;
		}

		private Internals() {
		}

		private static String serverNumber() {
			try {
				return ServerInfo.getServerNumber();
			}
			catch (LinkageError | RuntimeException ex) {
				return "(unknown version)";
			}
		}

		/**
		 * Return what Lifeline cannot do on this Tomcat, or {@code null} when it reaches
		 * everything it writes through.
		 */
		static @Nullable String limitation() {
			return LIMITATION;
		}

		static @Nullable Object endpointOf(WsSession session) {
			Field base = BASE;
			if (base == null || START_MESSAGE == null) {
				return null;
			}
			try {
				return base.get(session.getAsyncRemote());
			}
			catch (IllegalAccessException | RuntimeException ex) {
				logger.debug("Tomcat's asynchronous frame writes are not reachable on a session", ex);
				return null;
			}
		}

		/**
		 * Return when Tomcat last wrote to a session, Lifeline's writes and Tomcat's own
		 * answers to pings alike, or {@code -1} if that cannot be read.
		 */
		static long lastActiveWrite(WsSession session) {
			Field field = LAST_ACTIVE_WRITE;
			if (field == null) {
				return -1;
			}
			try {
				return field.getLong(session);
			}
			catch (IllegalAccessException | RuntimeException ex) {
				return -1;
			}
		}

	}

}
