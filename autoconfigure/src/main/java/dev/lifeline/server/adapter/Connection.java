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

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One container connection underneath a Lifeline session: the four things Lifeline asks
 * of a container, none of which makes the caller wait for the peer. Obtain one with
 * {@link Connections#of(WebSocketSession)}.
 * <p>
 * A connection is not the session the application sees: the session owns its identity,
 * attributes, groups and queue, and reaches the peer through its current connection,
 * which a later stage may replace. The container's session is kept here, away from the
 * application, so that nothing writes around the session's queue.
 *
 * @author Lifeline contributors
 */
public interface Connection {

	/**
	 * Return the container's session this connection writes to. For Lifeline's engine
	 * only: writing to it directly would bypass the session's queue.
	 * @return the container's session
	 */
	WebSocketSession containerSession();

	/**
	 * Start writing a text, binary, ping or pong message without waiting for the peer.
	 * The completion runs exactly once: on the calling thread when the write finished at
	 * once or failed at once, on a container thread otherwise. At most one data message
	 * may be in flight.
	 * @param message the message
	 * @param completion called when the message is written or the write failed
	 */
	void write(WebSocketMessage<?> message, Completion completion);

	/**
	 * Write a small control frame now, when the caller knows that the socket has room for
	 * it: the peer has read everything written before and nothing was written since. A
	 * container whose socket turns out to be full after all fails the write within a
	 * bound instead of waiting. By default the same as {@link #write}.
	 * @param message the ping or pong
	 * @param completion called when the message is written or the write failed
	 */
	default void writeControlFrameNow(WebSocketMessage<?> message, Completion completion) {
		write(message, completion);
	}

	/**
	 * Whether pings on this connection should carry no payload. Lifeline's pings carry
	 * their send time, so that a pong is matched to its ping; a container that copies the
	 * payload of every pong it delivers into a new direct buffer makes that payload cost
	 * more than the rest of the round trip, and there the first pong after an empty ping
	 * answers it instead. By default {@code false}.
	 * @return whether to send empty pings
	 */
	default boolean prefersEmptyPings() {
		return false;
	}

	/**
	 * Close politely: send the close frame, waiting a short bound at most for room in the
	 * socket buffer, and let the peer answer within the close timeout. Falls back to
	 * {@link #abort} when the close cannot be started.
	 * @param status the status to send
	 */
	void close(CloseStatus status);

	/**
	 * Release the connection now: send the close frame only if it fits at once, and do
	 * not wait for an answer that may never come. In-flight writes fail.
	 * @param status the status to send, when it may be sent
	 */
	void abort(CloseStatus status);

	/**
	 * Called once, when the session on this connection finished: lets go of what the
	 * container would otherwise keep of the connection once it is closed. Returns at
	 * once.
	 */
	default void finished() {
	}

	/**
	 * Whether the container still considers the session open.
	 * @return {@code true} while open
	 */
	default boolean isOpen() {
		return containerSession().isOpen();
	}

	/**
	 * Whether the connection itself is closed, not merely the session: after a
	 * server-initiated close, a container may keep the connection open until the peer
	 * answers.
	 * @return {@code true} if the connection is closed
	 */
	default boolean isClosed() {
		return !isOpen();
	}

	/**
	 * Bound how long the container's own blocking writes (its pong answers, its reply to
	 * a close) and the close handshake may take, so that a peer that stopped reading
	 * cannot hold a thread or a socket for the container's defaults.
	 * @param blockingSendTimeout the longest a blocking write may take
	 * @param closeTimeout the longest wait for the peer's close frame
	 */
	default void bound(Duration blockingSendTimeout, Duration closeTimeout) {
	}

	/**
	 * Leave the detection of idle connections to Lifeline's heartbeat, where the
	 * container has an idle timeout of its own that the heartbeat makes redundant.
	 */
	default void leaveIdleTimeoutToHeartbeat() {
	}

	/**
	 * Whether the container delivers partial messages to a handler that asks for them;
	 * otherwise it enforces the message size limits itself.
	 * @return {@code true} if partial messages are delivered
	 */
	default boolean deliversPartialMessages() {
		return false;
	}

	/**
	 * Called when a write ends.
	 */
	@FunctionalInterface
	interface Completion {

		/**
		 * The write ended.
		 * @param failure why it failed, or {@code null} when the frame is on the wire
		 */
		void written(@Nullable Throwable failure);

	}

}
