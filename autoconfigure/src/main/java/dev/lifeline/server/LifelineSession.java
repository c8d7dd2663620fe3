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

package dev.lifeline.server;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * The session every callback of the application's handler receives, and that the
 * application, the heartbeat and broadcasts all write through, together with the live
 * statistics Lifeline keeps for it.
 * <p>
 * A Lifeline session is not its container connection: it has an id Lifeline makes, the
 * principal and attributes of its handshake, its endpoint, groups, queue and statistics,
 * and reaches the peer through its current connection. Nothing here hands out the
 * container's session, so every write goes through the session's queue. The attributes
 * are those the application and its handshake interceptors put there.
 * <p>
 * Sending never waits for the peer: {@link #sendMessage} queues the message in the
 * session's own bounded queue and returns, and the message is written with the
 * container's non-blocking writes as the socket drains, in the order it was queued. A
 * peer that does not drain is cut off as a {@link CloseCause#SLOW_CONSUMER slow consumer}
 * when its queue passes {@code lifeline.send-buffer-size-limit} or its oldest unwritten
 * message passes {@code lifeline.send-time-limit}; with the {@code drop} overflow
 * strategy the oldest queued messages are dropped and counted instead. {@link #sendAsync}
 * tells the caller when the message is on the wire. {@link #close(CloseStatus)} queues
 * the close behind the messages queued before it and returns at once.
 *
 * @author Lifeline contributors
 */
public interface LifelineSession extends WebSocketSession {

	/**
	 * Queue a message for the peer and return at once; it is written as the socket
	 * drains.
	 * @throws SessionClosedException if the session is closing or closed
	 * @throws SessionLimitExceededException if the session's queue passed its limits, in
	 * which case the session was closed as a slow consumer
	 */
	@Override
	void sendMessage(WebSocketMessage<?> message) throws SessionClosedException, SessionLimitExceededException;

	/**
	 * Queue a message for the peer and return at once.
	 * @param message the message
	 * @return a future that completes when the message is on the wire, or exceptionally
	 * when the session closed or was cut off first ({@link SessionClosedException}), or
	 * when the message was dropped ({@link SessionLimitExceededException})
	 */
	CompletableFuture<Void> sendAsync(WebSocketMessage<?> message);

	/**
	 * Close the session once the messages queued before the close are written, and return
	 * at once. The close is counted under the cause its status implies, unless Lifeline
	 * already decided to close the session for another cause.
	 */
	@Override
	void close(CloseStatus status);

	/**
	 * Close the session normally, as {@link #close(CloseStatus)} does.
	 */
	@Override
	void close();

	/**
	 * Join a group, so that {@link WebSocketSessions#sendToGroup} reaches this session.
	 * The membership ends when the session closes.
	 * @param group the group name, not empty
	 * @return {@code true} if the session is newly a member, {@code false} if it already
	 * was or is not open
	 * @throws GroupLimitExceededException if the session is already a member of
	 * {@code lifeline.max-groups-per-session} groups
	 */
	boolean join(String group);

	/**
	 * Leave a group.
	 * @param group the group name, not empty
	 * @return {@code true} if the session was a member
	 */
	boolean leave(String group);

	/**
	 * Return the groups this session is a member of.
	 * @return an unmodifiable snapshot of the groups, in the order the session joined
	 * them
	 */
	Set<String> getGroups();

	/**
	 * Return the client's IP address as the handshake request reported it (behind a
	 * trusted proxy, with {@code server.forward-headers-strategy} set, the forwarded
	 * one); for a resumed session, that of its current connection.
	 * @return the remote IP address, or {@code null}
	 */
	@Nullable String getRemoteAddressText();

	/**
	 * Return the name of the authenticated principal.
	 * @return the principal name, or {@code null}
	 */
	@Nullable String getPrincipalName();

	/**
	 * Return the request path of the upgrade, without the query string.
	 * @return the path, or {@code null}
	 */
	@Nullable String getPath();

	/**
	 * Return the name of the managed endpoint the session opened on, the bean name of its
	 * handler.
	 * @return the endpoint name
	 */
	String getEndpoint();

	/**
	 * Return when the session opened.
	 * @return the opening time
	 */
	Instant getOpenedAt();

	/**
	 * Return when the peer last sent a frame (data, pong or close).
	 * @return the last inbound time
	 */
	Instant getLastInboundAt();

	/**
	 * Return when the last pong arrived.
	 * @return the last pong time, or {@code null} if none arrived yet
	 */
	@Nullable Instant getLastPongAt();

	/**
	 * Return the round-trip time of the last answered ping.
	 * @return the round-trip time in nanoseconds, or {@code -1} if none was measured
	 */
	long getRttNanos();

	/**
	 * Return the smoothed round-trip time (RFC 6298 weighting).
	 * @return the smoothed round-trip time in nanoseconds, or {@code -1} if none was
	 * measured
	 */
	long getSmoothedRttNanos();

	/**
	 * Return the number of data messages received.
	 * @return the inbound message count
	 */
	long getMessagesIn();

	/**
	 * Return the number of payload bytes received.
	 * @return the inbound byte count
	 */
	long getBytesIn();

	/**
	 * Return the number of data messages written to the peer.
	 * @return the outbound message count
	 */
	long getMessagesOut();

	/**
	 * Return the number of payload bytes written to the peer.
	 * @return the outbound byte count
	 */
	long getBytesOut();

	/**
	 * Return the number of messages dropped because the session's queue was full (the
	 * {@code drop} overflow strategy).
	 * @return the dropped message count
	 */
	long getMessagesDropped();

	/**
	 * Return the bytes queued for the peer and not yet written, including the message
	 * being written.
	 * @return the queued byte count
	 */
	long getQueuedBytes();

	/**
	 * Return where a resumable session stands.
	 * @return its status, or {@code null} for a session that ends with its connection
	 */
	default @Nullable ResumeStatus getResumeStatus() {
		return null;
	}

}
