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
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

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
 * session's ping. Setting the system property {@value TomcatInternals#ENABLED_PROPERTY}
 * to {@code false} chooses that path on purpose.
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

	/**
	 * The longest a close waits for a read in progress on the connection to end.
	 * Answering a ping takes microseconds, but with many busy connections on few cores
	 * the reading thread may wait tens of milliseconds for a core; a read that takes
	 * longer is, as a rule, in the application's handler with a data frame.
	 */
	static final long READ_WAIT_MILLIS = 100;

	private static final String READING_PAUSED = TomcatConnection.class.getName() + ".readingPaused";

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
				? new TomcatConnection(containerSession, wsSession, TomcatInternals.endpointOf(wsSession)) : null;
	}

	@Override
	public void write(WebSocketMessage<?> message, Completion completion) {
		Object endpoint = this.endpoint;
		Method startMessage = TomcatInternals.START_MESSAGE;
		if (endpoint == null || startMessage == null) {
			super.write(message, completion);
			return;
		}
		SendHandler handler = (result) -> {
			if (result.isOK()) {
				this.lastWriteSeen = TomcatInternals.lastActiveWrite(this.wsSession);
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
		Method sendMessageBlock = TomcatInternals.SEND_MESSAGE_BLOCK;
		long lastWrite = TomcatInternals.lastActiveWrite(this.wsSession);
		if (endpoint == null || sendMessageBlock == null || lastWrite == -1 || lastWrite != this.lastWriteSeen) {
			write(message, completion);
			return;
		}
		Throwable failure = null;
		try {
			sendMessageBlock.invoke(endpoint, Frames.opcodeOf(message), Frames.payloadOf(message), true,
					CONTROL_FRAME_SEND_TIMEOUT_MILLIS);
			this.lastWriteSeen = TomcatInternals.lastActiveWrite(this.wsSession);
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
		try {
			this.wsSession.getUserProperties().put(CLOSE_SEND_TIMEOUT, ABORT_CLOSE_SEND_TIMEOUT_MILLIS);
			this.wsSession.getUserProperties().put(BLOCKING_SEND_TIMEOUT, ABORT_CLOSE_SEND_TIMEOUT_MILLIS);
			withReadingPaused(() -> {
				this.wsSession.doClose(reason, reason, true);
				if (!this.wsSession.isClosed()) {
					// A polite close was sent before and Tomcat waits for the answer:
					// take the answer as given, which closes the connection.
					this.wsSession.onClose(reason);
				}
			});
		}
		catch (RuntimeException ex) {
			super.abort(status);
		}
		finally {
			TomcatConnectionRelease.release(this.wsSession);
		}
	}

	@Override
	public void close(CloseStatus status) {
		withReadingPaused(() -> super.close(status));
	}

	/**
	 * Close with the session's reading paused, so that no ping is being answered while
	 * the close frame goes out.
	 * <p>
	 * Tomcat answers a peer's pings itself, on the thread that reads the connection, as
	 * long as the session counts as open, which it does from the moment a close starts
	 * until the close frame is written and the endpoint told. A ping read in that window,
	 * or one whose answer waits for the close frame to be written, gets its answer
	 * refused with an {@link IllegalStateException} that escapes the read and is logged
	 * at ERROR ("Error reading request") for what is the peer's ordinary behaviour. So
	 * the reading is suspended first, the close waits, at most {@value #READ_WAIT_MILLIS}
	 * ms, for a read in progress to end (one that runs on this very thread, as when a
	 * handler's callback closes, is no race), then closes, and the reading resumes once
	 * the session no longer counts as open: the pings read then are dropped, as Tomcat
	 * drops them after a close, and the peer's answer to the close is read as usual.
	 */
	private void withReadingPaused(Runnable close) {
		if (!pauseReading()) {
			// Closed already, or another close paused it.
			close.run();
			return;
		}
		boolean suspended = false;
		try {
			this.wsSession.suspend();
			suspended = true;
			TomcatInternals.awaitRead(this.wsSession, READ_WAIT_MILLIS);
		}
		catch (RuntimeException ex) {
			TomcatInternals.logger.debug("Could not pause reading WebSocket session " + this.wsSession.getId(), ex);
		}
		try {
			close.run();
		}
		finally {
			if (suspended) {
				try {
					this.wsSession.resume();
				}
				catch (RuntimeException ex) {
					TomcatInternals.logger.debug("Could not resume reading WebSocket session " + this.wsSession.getId(),
							ex);
				}
			}
			try {
				this.wsSession.getUserProperties().remove(READING_PAUSED);
			}
			catch (IllegalStateException ex) {
				// Closed: its properties are out of reach, and no longer matter.
			}
		}
	}

	private boolean pauseReading() {
		try {
			return this.wsSession.isOpen()
					&& this.wsSession.getUserProperties().putIfAbsent(READING_PAUSED, Boolean.TRUE) == null;
		}
		catch (IllegalStateException ex) {
			return false;
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

}
