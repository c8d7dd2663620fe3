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
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.websocket.SendHandler;
import org.apache.catalina.util.ServerInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.apache.tomcat.websocket.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Tomcat's package-private members that Lifeline writes and closes through, looked up
 * once, and what Lifeline cannot do when a Tomcat version moved them.
 *
 * @author Lifeline contributors
 */
final class TomcatInternals {

	static final String ENABLED_PROPERTY = "lifeline.tomcat.internals";

	static final Log logger = LogFactory.getLog(TomcatInternals.class);

	static final @Nullable Field BASE;

	static final @Nullable Method START_MESSAGE;

	static final @Nullable Method SEND_MESSAGE_BLOCK;

	private static final @Nullable Field LAST_ACTIVE_WRITE;

	private static final @Nullable Field REMOTE_ENDPOINT;

	private static final @Nullable Field SOCKET_WRAPPER;

	private static final @Nullable Method GET_LOCK;

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
						ClassUtils.forName("org.apache.tomcat.websocket.WsRemoteEndpointBase", classLoader), "base");
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
		Field remoteEndpoint = null;
		Field socketWrapper = null;
		Method getLock = null;
		try {
			remoteEndpoint = WsSession.class.getDeclaredField("wsRemoteEndpoint");
			socketWrapper = ClassUtils
				.forName("org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer", classLoader)
				.getDeclaredField("socketWrapper");
			getLock = ClassUtils.forName("org.apache.tomcat.util.net.SocketWrapperBase", classLoader)
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
		START_MESSAGE = startMessage;
		SEND_MESSAGE_BLOCK = sendMessageBlock;
		LAST_ACTIVE_WRITE = lastActiveWrite;
		LIMITATION = (missing != null)
				? "Tomcat " + serverNumber()
						+ ": Lifeline writes through the portable Jakarta API instead of Tomcat's asynchronous"
						+ " frame writes (" + missing + "): each message completes on an executor thread, and"
						+ " pings are written blocking on a pool of " + StandardConnection.CONTROL_FRAME_THREADS
						+ " threads, so more peers than that stopping to read at once delay other sessions' pings"
				: null;
	}

	private TomcatInternals() {
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
	 * Wait for the read in progress on the session's connection, if any, to end: Tomcat
	 * processes a connection's events while holding its socket's lock.
	 */
	static void awaitRead(WsSession session, long waitMillis) {
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
