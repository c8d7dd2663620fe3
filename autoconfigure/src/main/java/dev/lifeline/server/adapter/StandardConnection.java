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
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A connection through the portable Jakarta API, for containers whose own asynchronous
 * path Lifeline does not know or cannot reach: text and binary messages through
 * {@code RemoteEndpoint.Async}, which returns at once.
 * <p>
 * The Jakarta API writes control frames only blocking. So that no thread of Lifeline's
 * waits on one peer, pings and pongs are written on a pool of their own
 * ({@value #CONTROL_FRAME_THREADS} threads), each bounded, where the container honours
 * the bound (Tomcat does), like the container's own blocking writes: by the send time
 * limit and a sweep interval, so that a peer that stopped reading is cut off as a slow
 * consumer, which releases the thread, before the bound closes it. The heartbeat's thread
 * never waits; a ping waits for a pool thread only while that many peers at once stopped
 * reading.
 *
 * @author Lifeline contributors
 */
class StandardConnection implements Connection {

	private static final Log logger = LogFactory.getLog(StandardConnection.class);

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
	 * How long a control frame written blocking may take. It is written only when the
	 * peer has read what was written before, so it fits at once; the bound covers the
	 * unforeseen. Tomcat fails a write that ends after the bound even when the frame was
	 * written, so it must also cover the writing thread being descheduled, or stopped by
	 * a collection, on a busy machine (5 ms did not).
	 */
	static final long CONTROL_FRAME_SEND_TIMEOUT_MILLIS = 1000;

	static final int CONTROL_FRAME_THREADS = 16;

	private static final ThreadPoolExecutor controlFrames = controlFrameExecutor();

	private final WebSocketSession containerSession;

	private final Session session;

	private volatile long blockingSendTimeoutMillis = -1;

	StandardConnection(WebSocketSession containerSession, Session session) {
		this.containerSession = containerSession;
		this.session = session;
	}

	private static ThreadPoolExecutor controlFrameExecutor() {
		CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("lifeline-control-frames-");
		threadFactory.setDaemon(true);
		ThreadPoolExecutor executor = new ThreadPoolExecutor(CONTROL_FRAME_THREADS, CONTROL_FRAME_THREADS, 30,
				TimeUnit.SECONDS, new ArrayBlockingQueue<>(4096), threadFactory);
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	@Override
	public WebSocketSession containerSession() {
		return this.containerSession;
	}

	Session session() {
		return this.session;
	}

	@Override
	public void write(WebSocketMessage<?> message, Completion completion) {
		try {
			if (!message.isLast()) {
				this.containerSession.sendMessage(message);
				completion.written(null);
			}
			else if (EncodedText.isText(message)) {
				this.session.getAsyncRemote().sendText((String) message.getPayload(), handler(completion));
			}
			else if (message instanceof BinaryMessage binary) {
				this.session.getAsyncRemote().sendBinary(binary.getPayload().duplicate(), handler(completion));
			}
			else if (message instanceof PingMessage || message instanceof PongMessage) {
				controlFrames.execute(() -> writeControlFrameBlocking(message, completion));
			}
			else {
				throw new IllegalArgumentException("Unexpected WebSocket message type: " + message);
			}
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof RejectedExecutionException && logger.isDebugEnabled()) {
				logger.debug("Control frames are backed up; failing the write on WebSocket session "
						+ this.containerSession.getId());
			}
			completion.written(ex);
		}
	}

	private void writeControlFrameBlocking(WebSocketMessage<?> message, Completion completion) {
		Map<String, Object> properties = this.session.getUserProperties();
		long configured = this.blockingSendTimeoutMillis;
		Throwable failure = null;
		try {
			properties.put(BLOCKING_SEND_TIMEOUT, (configured >= 0) ? configured : CONTROL_FRAME_SEND_TIMEOUT_MILLIS);
			ByteBuffer payload = Frames.payloadOf(message);
			if (message instanceof PingMessage) {
				this.session.getBasicRemote().sendPing(payload);
			}
			else {
				this.session.getBasicRemote().sendPong(payload);
			}
		}
		catch (IOException | RuntimeException ex) {
			failure = ex;
		}
		finally {
			if (configured >= 0) {
				properties.put(BLOCKING_SEND_TIMEOUT, configured);
			}
			else {
				properties.remove(BLOCKING_SEND_TIMEOUT);
			}
		}
		completion.written(failure);
	}

	private static SendHandler handler(Completion completion) {
		return (result) -> completion.written(result.isOK() ? null : result.getException());
	}

	@Override
	public void close(CloseStatus status) {
		try {
			// Tomcat bounds a 1000 close by the blocking send timeout, others by its own.
			// A session the container closed meanwhile throws here too.
			this.session.getUserProperties().put(BLOCKING_SEND_TIMEOUT, CLOSE_SEND_TIMEOUT_MILLIS);
			this.containerSession.close(status);
		}
		catch (IOException | RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Failed to close WebSocket session " + this.containerSession.getId() + ": " + ex);
			}
			abort(status);
		}
	}

	/**
	 * The portable API has no abort: close, which waits for the close frame as the
	 * container decides.
	 */
	@Override
	public void abort(CloseStatus status) {
		try {
			this.containerSession.close(status);
		}
		catch (IOException | RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Failed to abort WebSocket session " + this.containerSession.getId() + ": " + ex);
			}
		}
	}

	@Override
	public void bound(Duration blockingSendTimeout, Duration closeTimeout) {
		Map<String, Object> properties = this.session.getUserProperties();
		this.blockingSendTimeoutMillis = blockingSendTimeout.toMillis();
		properties.put(BLOCKING_SEND_TIMEOUT, blockingSendTimeout.toMillis());
		properties.put(SESSION_CLOSE_TIMEOUT, closeTimeout.toMillis());
		properties.put(CLOSE_SEND_TIMEOUT, Math.min(CLOSE_SEND_TIMEOUT_MILLIS, blockingSendTimeout.toMillis()));
	}

	@Override
	public boolean deliversPartialMessages() {
		return true;
	}

}
