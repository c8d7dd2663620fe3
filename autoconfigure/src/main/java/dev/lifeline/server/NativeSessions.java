package dev.lifeline.server;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.apache.tomcat.websocket.WsSession;
import org.eclipse.jetty.ee11.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

import dev.lifeline.server.FrameWriter.Completion;

/**
 * The few container-specific operations that the portable WebSocket API lacks: writing
 * control frames without blocking, bounding how long a close frame may wait, and aborting
 * a connection whose peer will never answer a close handshake.
 *
 * @author Lifeline contributors
 */
final class NativeSessions {

	private static final Log logger = LogFactory.getLog(NativeSessions.class);

	private static final ClassLoader CLASS_LOADER = NativeSessions.class.getClassLoader();

	private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent("org.apache.tomcat.websocket.WsSession",
			CLASS_LOADER);

	private static final boolean JETTY_API_PRESENT = ClassUtils.isPresent("org.eclipse.jetty.websocket.api.Session",
			CLASS_LOADER);

	private static final boolean JETTY_JAKARTA_PRESENT = ClassUtils
		.isPresent("org.eclipse.jetty.ee11.websocket.jakarta.common.JakartaWebSocketSession", CLASS_LOADER);

	static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	static final String SESSION_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT";

	static final String CLOSE_SEND_TIMEOUT = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";

	/**
	 * How long a close frame may wait for room in the socket buffer. Lifeline starts a
	 * close only once its own writes for the session are done, so the frame waits only
	 * when the peer has stopped reading; then the connection is dropped instead.
	 */
	static final long CLOSE_SEND_TIMEOUT_MILLIS = 100;

	/**
	 * How long the close frame of an abort may wait: the peer is dead or not reading, so
	 * the frame is written only if it fits at once. Kept small, since one sweep may abort
	 * many sessions in a row.
	 */
	private static final long ABORT_CLOSE_SEND_TIMEOUT_MILLIS = 5;

	/**
	 * How long a control frame written on the caller's thread may take. The caller writes
	 * one only when it knows the peer has read what was written before and nothing was
	 * written since, so the frame fits at once; the bound covers the unforeseen. Tomcat
	 * fails a write that ends after the bound even when the frame was written, so it must
	 * also cover the caller's thread being descheduled, or stopped by a collection, on a
	 * busy machine (5 ms did not).
	 */
	static final long CONTROL_FRAME_SEND_TIMEOUT_MILLIS = 1000;

	/**
	 * The longest a close on Tomcat waits for a read in progress on the connection to
	 * end. Answering a ping takes microseconds, but with many busy connections on few
	 * cores the reading thread may wait tens of milliseconds for a core; a read that
	 * takes longer is, as a rule, in the application's handler with a data frame.
	 */
	static final long READ_WAIT_MILLIS = 100;

	private NativeSessions() {
	}

	/**
	 * Bound how long the container's own blocking writes (its pong answers, its reply to
	 * a close) may take and how long a close handshake may take, so that a peer that
	 * stopped reading cannot hold a thread or a socket for the container's defaults (20
	 * and 30 seconds on Tomcat).
	 * @param session the container's session
	 * @param blockingSendTimeout the longest a blocking write may take
	 * @param closeTimeout the longest wait for the peer's close frame
	 */
	static void configure(WebSocketSession session, Duration blockingSendTimeout, Duration closeTimeout) {
		Session standard = nativeSession(session, Session.class);
		if (standard != null) {
			standard.getUserProperties().put(BLOCKING_SEND_TIMEOUT, blockingSendTimeout.toMillis());
			standard.getUserProperties().put(SESSION_CLOSE_TIMEOUT, closeTimeout.toMillis());
			standard.getUserProperties()
				.put(CLOSE_SEND_TIMEOUT, Math.min(CLOSE_SEND_TIMEOUT_MILLIS, blockingSendTimeout.toMillis()));
		}
	}

	/**
	 * Leave the detection of idle connections to Lifeline's heartbeat: on Jetty, whose
	 * sessions otherwise close after 30 s without a frame and reschedule that check as
	 * frames pass, turn the session's idle timeout off. The heartbeat closes a silent
	 * peer within its interval and timeout. Tomcat's sessions have no idle timeout.
	 * @param session the container's session
	 */
	static void leaveIdleTimeoutToHeartbeat(WebSocketSession session) {
		if (JETTY_API_PRESENT) {
			JettyApiSessions.disableIdleTimeout(session);
		}
	}

	/**
	 * Return a writer that starts writes on the container's session without waiting for
	 * the peer.
	 * @param session the container's session
	 * @return the writer
	 */
	static FrameWriter writer(WebSocketSession session) {
		Session standard = nativeSession(session, Session.class);
		FrameWriter jetty = (standard == null && JETTY_API_PRESENT) ? JettyApiSessions.writer(session) : null;
		if (jetty != null) {
			return jetty;
		}
		if (standard == null) {
			return (message, completion) -> {
				try {
					session.sendMessage(message);
					completion.written(null);
				}
				catch (IOException | RuntimeException ex) {
					completion.written(ex);
				}
			};
		}
		FrameWriter writer = null;
		if (TOMCAT_PRESENT) {
			writer = Tomcat.writer(standard);
		}
		if (writer == null && JETTY_JAKARTA_PRESENT) {
			writer = JettyJakarta.writer(standard);
		}
		return (writer != null) ? writer : new JakartaFrameWriter(session, standard);
	}

	/**
	 * Close the session politely: send the close frame and let the peer answer. The frame
	 * waits at most {@value #CLOSE_SEND_TIMEOUT_MILLIS} ms for room in the socket buffer.
	 * @param session the container's session
	 * @param status the status to send
	 */
	static void close(WebSocketSession session, CloseStatus status) {
		Session standard = nativeSession(session, Session.class);
		if (standard != null) {
			// Tomcat bounds a 1000 close by the blocking send timeout, others by this
			// one.
			standard.getUserProperties().put(BLOCKING_SEND_TIMEOUT, CLOSE_SEND_TIMEOUT_MILLIS);
		}
		try {
			if (!(JETTY_API_PRESENT && JettyApiSessions.close(session, status))) {
				WsSession tomcat = TOMCAT_PRESENT ? nativeSession(session, WsSession.class) : null;
				if (tomcat != null) {
					Tomcat.withReadingPaused(tomcat, READ_WAIT_MILLIS, () -> session.close(status));
				}
				else {
					session.close(status);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Failed to close WebSocket session " + session.getId() + ": " + ex);
			}
			abort(session, status);
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
			if (JETTY_JAKARTA_PRESENT && JettyJakarta.abort(session, status)) {
				return;
			}
			if (JETTY_API_PRESENT && JettyApiSessions.abort(session, status)) {
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
			WsSession wsSession = nativeSession(session, WsSession.class);
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

	/**
	 * A close that may fail with an {@link IOException}.
	 */
	@FunctionalInterface
	private interface IoAction {

		void run() throws IOException;

	}

	private static CloseReason closeReason(CloseStatus status) {
		return new CloseReason(CloseReason.CloseCodes.getCloseCode(status.getCode()),
				(status.getReason() != null) ? status.getReason() : "");
	}

	private static final class Tomcat {

		private static final @Nullable Field BASE;

		private static final @Nullable Method START_MESSAGE;

		private static final @Nullable Method SEND_MESSAGE_BLOCK;

		private static final @Nullable Field LAST_ACTIVE_WRITE;

		private static final String READING_PAUSED = NativeSessions.class.getName() + ".readingPaused";

		private static final @Nullable Field REMOTE_ENDPOINT;

		private static final @Nullable Field SOCKET_WRAPPER;

		private static final @Nullable Method GET_LOCK;

		/*
		 * Tomcat's Jakarta API writes control frames and partial messages only blocking,
		 * and a text message in as many frames, each completed on another thread, as its
		 * encoder buffer needs. Its package-private startMessage is the asynchronous path
		 * its own messages take: one frame from a buffer, completed once. When it cannot
		 * be reached, Lifeline falls back to the Jakarta API. Its asynchronous path hands
		 * every completion to an executor thread; a ping known to fit the socket goes
		 * through the package-private blocking write with a bound of its own instead,
		 * which completes on the calling thread.
		 */
		static {
			Field base = null;
			Method startMessage = null;
			Method sendMessageBlock = null;
			try {
				base = ReflectionUtils.findField(
						ClassUtils.forName("org.apache.tomcat.websocket.WsRemoteEndpointBase", CLASS_LOADER), "base");
				startMessage = WsRemoteEndpointImplBase.class.getDeclaredMethod("startMessage", byte.class,
						ByteBuffer.class, boolean.class, SendHandler.class);
				if (base != null) {
					base.setAccessible(true);
					startMessage.setAccessible(true);
				}
			}
			catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
				logger.debug("Tomcat's asynchronous frame writes are not reachable; using the Jakarta API", ex);
				base = null;
			}
			try {
				sendMessageBlock = WsRemoteEndpointImplBase.class.getDeclaredMethod("sendMessageBlock", byte.class,
						ByteBuffer.class, boolean.class, long.class);
				sendMessageBlock.setAccessible(true);
			}
			catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
				logger.debug("Tomcat's bounded blocking frame writes are not reachable", ex);
				sendMessageBlock = null;
			}
			Field lastActiveWrite = ReflectionUtils.findField(WsSession.class, "lastActiveWrite", long.class);
			try {
				if (lastActiveWrite != null) {
					lastActiveWrite.setAccessible(true);
				}
			}
			catch (RuntimeException ex) {
				lastActiveWrite = null;
			}
			Field remoteEndpoint = null;
			Field socketWrapper = null;
			Method getLock = null;
			try {
				remoteEndpoint = WsSession.class.getDeclaredField("wsRemoteEndpoint");
				socketWrapper = ClassUtils
					.forName("org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer", CLASS_LOADER)
					.getDeclaredField("socketWrapper");
				getLock = ClassUtils.forName("org.apache.tomcat.util.net.SocketWrapperBase", CLASS_LOADER)
					.getMethod("getLock");
				remoteEndpoint.setAccessible(true);
				socketWrapper.setAccessible(true);
			}
			catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
				logger.debug("Tomcat's socket lock is not reachable; closes do not wait for a read in progress", ex);
				remoteEndpoint = null;
			}
			REMOTE_ENDPOINT = remoteEndpoint;
			SOCKET_WRAPPER = (remoteEndpoint != null) ? socketWrapper : null;
			GET_LOCK = (remoteEndpoint != null) ? getLock : null;
			BASE = base;
			START_MESSAGE = (base != null) ? startMessage : null;
			SEND_MESSAGE_BLOCK = (base != null && lastActiveWrite != null) ? sendMessageBlock : null;
			LAST_ACTIVE_WRITE = lastActiveWrite;
		}

		/**
		 * Return when Tomcat last wrote to a session, Lifeline's writes and Tomcat's own
		 * answers to pings alike, or {@code -1} if that cannot be read.
		 */
		private static long lastActiveWrite(WsSession session) {
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

		static @Nullable FrameWriter writer(Session session) {
			if (BASE == null || START_MESSAGE == null || !(session instanceof WsSession wsSession)) {
				return null;
			}
			try {
				return new StartMessageWriter(wsSession, BASE.get(session.getAsyncRemote()), START_MESSAGE,
						SEND_MESSAGE_BLOCK);
			}
			catch (IllegalAccessException | RuntimeException ex) {
				return null;
			}
		}

		static boolean abort(WebSocketSession session, CloseStatus status) throws IOException {
			WsSession wsSession = nativeSession(session, WsSession.class);
			if (wsSession == null) {
				return false;
			}
			CloseReason reason = closeReason(status);
			wsSession.getUserProperties().put(CLOSE_SEND_TIMEOUT, ABORT_CLOSE_SEND_TIMEOUT_MILLIS);
			wsSession.getUserProperties().put(BLOCKING_SEND_TIMEOUT, ABORT_CLOSE_SEND_TIMEOUT_MILLIS);
			withReadingPaused(wsSession, READ_WAIT_MILLIS, () -> {
				wsSession.doClose(reason, reason, true);
				if (!wsSession.isClosed()) {
					// A polite close was sent before and Tomcat waits for the answer:
					// take the answer as given, which closes the connection.
					wsSession.onClose(reason);
				}
			});
			return true;
		}

		/**
		 * Close with the session's reading paused, so that no ping is being answered
		 * while the close frame goes out.
		 * <p>
		 * Tomcat answers a peer's pings itself, on the thread that reads the connection,
		 * as long as the session counts as open, which it does from the moment a close
		 * starts until the close frame is written and the endpoint told. A ping read in
		 * that window, or one whose answer waits for the close frame to be written, gets
		 * its answer refused with an {@link IllegalStateException} that escapes the read
		 * and is logged at ERROR ("Error reading request") for what is the peer's
		 * ordinary behaviour. So the reading is suspended first, the close waits, at most
		 * {@code waitMillis}, for a read in progress to end (one that runs on this very
		 * thread, as when a handler's callback closes, is no race), then closes, and the
		 * reading resumes once the session no longer counts as open: the pings read then
		 * are dropped, as Tomcat drops them after a close, and the peer's answer to the
		 * close is read as usual. After the wait the close goes ahead anyway: a read that
		 * long is, as a rule, in the application's handler with a data frame.
		 * @param session the session
		 * @param waitMillis the longest wait for a read in progress
		 * @param close the close
		 */
		static void withReadingPaused(WsSession session, long waitMillis, IoAction close) throws IOException {
			if (!pauseReading(session)) {
				// Closed already, or another close paused it.
				close.run();
				return;
			}
			boolean suspended = false;
			try {
				session.suspend();
				suspended = true;
				awaitRead(session, waitMillis);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not pause reading WebSocket session " + session.getId(), ex);
			}
			try {
				close.run();
			}
			finally {
				if (suspended) {
					session.resume();
				}
				try {
					session.getUserProperties().remove(READING_PAUSED);
				}
				catch (IllegalStateException ex) {
					// Closed: its properties are out of reach, and no longer matter.
				}
			}
		}

		private static boolean pauseReading(WsSession session) {
			try {
				return session.isOpen()
						&& session.getUserProperties().putIfAbsent(READING_PAUSED, Boolean.TRUE) == null;
			}
			catch (IllegalStateException ex) {
				// Closed meanwhile.
				return false;
			}
		}

		/**
		 * Wait for the read in progress on the session's connection, if any, to end:
		 * Tomcat processes a connection's events while holding its socket's lock.
		 */
		private static void awaitRead(WsSession session, long waitMillis) {
			ReentrantLock lock = socketLock(session);
			if (lock == null || lock.isHeldByCurrentThread()) {
				return;
			}
			try {
				if (lock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
					lock.unlock();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private static @Nullable ReentrantLock socketLock(WsSession session) {
			Field remoteEndpoint = REMOTE_ENDPOINT;
			Field socketWrapper = SOCKET_WRAPPER;
			Method getLock = GET_LOCK;
			if (remoteEndpoint == null || socketWrapper == null || getLock == null) {
				return null;
			}
			try {
				Object endpoint = remoteEndpoint.get(session);
				if (!socketWrapper.getDeclaringClass().isInstance(endpoint)) {
					return null;
				}
				Object wrapper = socketWrapper.get(endpoint);
				return (wrapper != null && getLock.invoke(wrapper) instanceof ReentrantLock lock) ? lock : null;
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				return null;
			}
		}

		/**
		 * Writes through {@code startMessage}, and control frames known to fit through
		 * {@code sendMessageBlock}. A control frame takes the blocking path only when
		 * Tomcat has written nothing since Lifeline's last completed write: Tomcat
		 * answers a peer's pings itself, and a peer that sends pings without reading
		 * could have filled the socket with those answers.
		 */
		private static final class StartMessageWriter implements FrameWriter {

			private final WsSession session;

			private final Object endpoint;

			private final Method startMessage;

			private final @Nullable Method sendMessageBlock;

			/**
			 * Tomcat's time of the session's last write, as read after Lifeline's last
			 * completed write, or {@code -1}.
			 */
			private volatile long lastWriteSeen = -1;

			StartMessageWriter(WsSession session, Object endpoint, Method startMessage,
					@Nullable Method sendMessageBlock) {
				this.session = session;
				this.endpoint = endpoint;
				this.startMessage = startMessage;
				this.sendMessageBlock = sendMessageBlock;
			}

			@Override
			public void write(WebSocketMessage<?> message, Completion completion) {
				SendHandler handler = (result) -> {
					if (result.isOK()) {
						this.lastWriteSeen = lastActiveWrite(this.session);
					}
					completion.written(result.isOK() ? null : result.getException());
				};
				try {
					this.startMessage.invoke(this.endpoint, FrameWriter.opcodeOf(message),
							FrameWriter.payloadOf(message), message.isLast(), handler);
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
			 * {@value NativeSessions#CONTROL_FRAME_SEND_TIMEOUT_MILLIS} ms: a frame the
			 * socket takes at once completes here, on the calling thread. When the bound
			 * passes, Tomcat closes the connection.
			 */
			@Override
			public void writeControlFrameNow(WebSocketMessage<?> message, Completion completion) {
				Method sendMessageBlock = this.sendMessageBlock;
				long lastWrite = lastActiveWrite(this.session);
				if (sendMessageBlock == null || lastWrite == -1 || lastWrite != this.lastWriteSeen) {
					write(message, completion);
					return;
				}
				Throwable failure = null;
				try {
					sendMessageBlock.invoke(this.endpoint, FrameWriter.opcodeOf(message),
							FrameWriter.payloadOf(message), true, CONTROL_FRAME_SEND_TIMEOUT_MILLIS);
					this.lastWriteSeen = lastActiveWrite(this.session);
				}
				catch (InvocationTargetException ex) {
					failure = ex.getTargetException();
				}
				catch (IllegalAccessException | RuntimeException ex) {
					failure = ex;
				}
				completion.written(failure);
			}

		}

	}

	private static final class JettyJakarta {

		static @Nullable FrameWriter writer(Session session) {
			return (session instanceof JakartaWebSocketSession jakartaSession)
					? new CoreSessionWriter(jakartaSession.getCoreSession()) : null;
		}

		/**
		 * Queue the close frame, which Jetty writes at once when the connection can take
		 * it, then abort the connection, which discards the frame when it could not.
		 */
		static boolean abort(WebSocketSession session, CloseStatus status) {
			JakartaWebSocketSession jakartaSession = nativeSession(session, JakartaWebSocketSession.class);
			if (jakartaSession == null) {
				return false;
			}
			CoreSession coreSession = jakartaSession.getCoreSession();
			try {
				coreSession.close(status.getCode(), status.getReason(), Callback.NOOP);
			}
			finally {
				coreSession.abort();
			}
			return true;
		}

		/**
		 * Writes frames through Jetty's core session, which queues them and returns at
		 * once; the callback may run on the calling thread.
		 */
		private static final class CoreSessionWriter implements FrameWriter {

			private final CoreSession session;

			private boolean fragmenting;

			CoreSessionWriter(CoreSession session) {
				this.session = session;
			}

			@Override
			public void write(WebSocketMessage<?> message, Completion completion) {
				byte opcode = FrameWriter.opcodeOf(message);
				if (!OpCode.isControlFrame(opcode)) {
					if (this.fragmenting) {
						opcode = OpCode.CONTINUATION;
					}
					this.fragmenting = !message.isLast();
				}
				try {
					this.session.sendFrame(new Frame(opcode, message.isLast(), FrameWriter.payloadOf(message)),
							Callback.from(() -> completion.written(null), completion::written), false);
				}
				catch (RuntimeException ex) {
					completion.written(ex);
				}
			}

		}

	}

}
