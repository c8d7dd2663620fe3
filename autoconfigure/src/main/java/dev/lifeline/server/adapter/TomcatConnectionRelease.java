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

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.catalina.util.ServerInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.Processor;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.websocket.BackgroundProcess;
import org.apache.tomcat.websocket.BackgroundProcessManager;
import org.apache.tomcat.websocket.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Lets go of what Tomcat keeps of a WebSocket connection after Lifeline finished its
 * session: its upgrade processor, through which the connection's statistics entry, the
 * container's session, the socket wrapper and their buffers stay reachable.
 * <p>
 * Tomcat destroys an upgrade processor, which takes its statistics entry out of the
 * connector's upgrade statistics, only when the processing of a socket event ends with
 * the connection closed. A connection closed from any other thread keeps its entry for as
 * long as the connector runs: one that Lifeline aborts (a heartbeat timeout, a slow
 * consumer, a dead peer), one whose asynchronous write failed, one whose close handshake
 * timed out. And when a connection is closed from another thread while a socket event of
 * it is being processed, the closing thread finds no processor to release, and the
 * processing thread, seeing the session still open, puts the processor in the protocol's
 * set of waiting processors, where it stays, holding the whole connection. Plain Spring
 * WebSocket applications on Tomcat lose the same objects.
 * <p>
 * When Lifeline finishes a session the connection is often not closed yet (the close is
 * under way on the calling thread, or the peer has yet to answer a close frame), so the
 * connection is released on Tomcat's WebSocket background thread, which Tomcat runs once
 * a second while it has work: once its socket is closed and no thread processes an event
 * of it (under the socket's lock, never waiting for it), the processor is taken out of
 * the waiting processors and closed, which takes the statistics entry out and is a no-op
 * when Tomcat has already done it; a second pass a second later repeats the first, for a
 * thread that was handing the processor back at the same time. Nothing of the connector
 * is changed, and connections of other endpoints are not touched.
 * <p>
 * All of this uses Tomcat's internals. If they cannot be reached, a warning is logged
 * once at startup and connections are left as Tomcat leaves them.
 *
 * @author Lifeline contributors
 */
final class TomcatConnectionRelease {

	private static final Log logger = LogFactory.getLog(TomcatConnectionRelease.class);

	private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent(
			"org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer",
			TomcatConnectionRelease.class.getClassLoader())
			&& ClassUtils.isPresent("org.apache.coyote.AbstractProtocol",
					TomcatConnectionRelease.class.getClassLoader());

	/**
	 * How long a connection whose socket is still open is watched before it is left to
	 * Tomcat: longer than any close handshake Tomcat waits for.
	 */
	static final long GIVE_UP_AFTER_NANOS = TimeUnit.MINUTES.toNanos(10);

	private TomcatConnectionRelease() {
	}

	/**
	 * Return what Lifeline cannot release on this Tomcat, or {@code null} when it reaches
	 * what it needs.
	 */
	static @Nullable String limitation() {
		return TOMCAT_PRESENT ? Internals.LIMITATION : null;
	}

	/**
	 * Release what Tomcat keeps of a finished session's connection once it is closed.
	 * Returns at once.
	 * @param session Tomcat's session
	 */
	static void release(WsSession session) {
		if (TOMCAT_PRESENT) {
			Internals.release(session);
		}
	}

	private static final class Internals {

		private static final @Nullable Field WS_REMOTE_ENDPOINT;

		private static final @Nullable Field SOCKET_WRAPPER;

		private static final @Nullable Field CONNECTION;

		private static final @Nullable Method GET_ENDPOINT;

		private static final @Nullable Method GET_PROTOCOL;

		private static final @Nullable String LIMITATION;

		private static final Queue<Released> pending = new ConcurrentLinkedQueue<>();

		private static final Releaser releaser = new Releaser();

		static {
			Field wsRemoteEndpoint = null;
			Field socketWrapper = null;
			Field connection = null;
			Method getEndpoint = null;
			Method getProtocol = null;
			String limitation = null;
			try {
				ClassLoader classLoader = TomcatConnectionRelease.class.getClassLoader();
				Class<?> server = ClassUtils.forName("org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer",
						classLoader);
				wsRemoteEndpoint = accessible(WsSession.class.getDeclaredField("wsRemoteEndpoint"));
				socketWrapper = accessible(server.getDeclaredField("socketWrapper"));
				connection = accessible(server.getDeclaredField("connection"));
				getEndpoint = accessible(SocketWrapperBase.class.getDeclaredMethod("getEndpoint"));
				getProtocol = accessible(
						ClassUtils.forName("org.apache.coyote.AbstractProtocol$ConnectionHandler", classLoader)
							.getDeclaredMethod("getProtocol"));
			}
			catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
				wsRemoteEndpoint = null;
				limitation = "Tomcat " + serverNumber() + ": the upgrade processors of WebSocket connections are not "
						+ "reachable (" + ex + "); connections closed outside Tomcat's own event processing, such "
						+ "as those Lifeline aborts, stay in Tomcat's upgrade statistics, and a few whole, in its "
						+ "waiting processors, until the server stops";
			}
			LIMITATION = limitation;
			WS_REMOTE_ENDPOINT = wsRemoteEndpoint;
			SOCKET_WRAPPER = socketWrapper;
			CONNECTION = connection;
			GET_ENDPOINT = getEndpoint;
			GET_PROTOCOL = getProtocol;
		}

		private static <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
			member.setAccessible(true);
			return member;
		}

		private static String serverNumber() {
			try {
				return ServerInfo.getServerNumber();
			}
			catch (LinkageError | RuntimeException ex) {
				return "(unknown version)";
			}
		}

		static boolean isReachable() {
			return WS_REMOTE_ENDPOINT != null;
		}

		static void release(WsSession wsSession) {
			if (!isReachable()) {
				return;
			}
			Released connection = connection(wsSession);
			if (connection != null) {
				pending.add(connection);
				releaser.start();
			}
		}

		private static @Nullable Released connection(WsSession session) {
			try {
				Object endpoint = WS_REMOTE_ENDPOINT.get(session);
				if (endpoint == null || !SOCKET_WRAPPER.getDeclaringClass().isInstance(endpoint)) {
					return null;
				}
				Object wrapper = SOCKET_WRAPPER.get(endpoint);
				Object processor = CONNECTION.get(endpoint);
				if (!(wrapper instanceof SocketWrapperBase<?> socketWrapper) || !(processor instanceof Processor)
						|| !(processor instanceof AutoCloseable)) {
					return null;
				}
				return new Released(socketWrapper, (Processor) processor, protocol(socketWrapper), System.nanoTime());
			}
			catch (IllegalAccessException | RuntimeException ex) {
				if (logger.isDebugEnabled()) {
					logger.debug("Cannot reach the connection of WebSocket session " + session.getId() + ": " + ex);
				}
				return null;
			}
		}

		private static @Nullable AbstractProtocol<?> protocol(SocketWrapperBase<?> wrapper) {
			try {
				Object endpoint = GET_ENDPOINT.invoke(wrapper);
				Object handler = (endpoint != null)
						? ((org.apache.tomcat.util.net.AbstractEndpoint<?, ?>) endpoint).getHandler() : null;
				if (handler != null && GET_PROTOCOL.getDeclaringClass().isInstance(handler)) {
					return (AbstractProtocol<?>) GET_PROTOCOL.invoke(handler);
				}
			}
			catch (IllegalAccessException | InvocationTargetException | RuntimeException ex) {
				// The processor is still closed; only the waiting set is not cleared.
			}
			return null;
		}

		/**
		 * Release the connections whose sockets are closed, and those released on the
		 * previous pass once more; forget those released twice.
		 */
		static void releasePending() {
			long now = System.nanoTime();
			for (Iterator<Released> iterator = pending.iterator(); iterator.hasNext();) {
				Released connection = iterator.next();
				if (connection.released) {
					connection.release();
					iterator.remove();
				}
				else if (connection.wrapper.isClosed()) {
					connection.released = connection.release();
				}
				else if (now - connection.since > GIVE_UP_AFTER_NANOS) {
					iterator.remove();
				}
			}
		}

	}

	/**
	 * A finished session's connection, as Tomcat holds it.
	 */
	private static final class Released {

		final SocketWrapperBase<?> wrapper;

		final Processor processor;

		final @Nullable AbstractProtocol<?> protocol;

		final long since;

		boolean released;

		Released(SocketWrapperBase<?> wrapper, Processor processor, @Nullable AbstractProtocol<?> protocol,
				long since) {
			this.wrapper = wrapper;
			this.processor = processor;
			this.protocol = protocol;
			this.since = since;
		}

		/**
		 * Take the processor out of the waiting processors and from its closed socket,
		 * and close it, unless a thread processes an event of the socket.
		 * @return whether it was released
		 */
		boolean release() {
			ReentrantLock lock = this.wrapper.getLock();
			if (!lock.tryLock()) {
				return false;
			}
			try {
				if (this.protocol != null) {
					this.protocol.removeWaitingProcessor(this.processor);
				}
				if (this.wrapper.getCurrentProcessor() == this.processor) {
					this.wrapper.takeCurrentProcessor();
				}
				((AutoCloseable) this.processor).close();
			}
			catch (Exception ex) {
				if (logger.isDebugEnabled()) {
					logger.debug("Failed to release a closed WebSocket connection: " + ex);
				}
			}
			finally {
				lock.unlock();
			}
			return true;
		}

	}

	/**
	 * Releases pending connections on Tomcat's WebSocket background thread, registered
	 * only while connections are pending, so that the thread stops when Tomcat has no
	 * other work for it either.
	 */
	private static final class Releaser implements BackgroundProcess {

		private final Object monitor = new Object();

		private boolean registered;

		private int processPeriod = 1;

		void start() {
			synchronized (this.monitor) {
				if (!this.registered) {
					BackgroundProcessManager.getInstance().register(this);
					this.registered = true;
				}
			}
		}

		@Override
		public void backgroundProcess() {
			Internals.releasePending();
			synchronized (this.monitor) {
				if (Internals.pending.isEmpty() && this.registered) {
					BackgroundProcessManager.getInstance().unregister(this);
					this.registered = false;
				}
			}
		}

		@Override
		public void setProcessPeriod(int period) {
			this.processPeriod = period;
		}

		@Override
		public int getProcessPeriod() {
			return this.processPeriod;
		}

	}

}
