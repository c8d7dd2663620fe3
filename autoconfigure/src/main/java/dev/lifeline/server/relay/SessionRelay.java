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

package dev.lifeline.server.relay;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.WebSocketSessions;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Carries the {@link WebSocketSessions} operations that concern sessions on other
 * instances of the application, so that several instances behind a load balancer act as
 * one.
 * <p>
 * The registry hands a broadcast, a message for a user or a group and a close of a user's
 * sessions to the relay before it delivers to its own sessions, and a send, close, join
 * or leave for a session that is not open here; it also tells the relay which groups its
 * own sessions join and leave, for a directory. The relay delivers what it receives from
 * other instances into the {@link LocalSessions} it was {@link #attach(LocalSessions)
 * attached} to, so that nothing travels twice. Every method returns at once, whatever the
 * state of the transport, and must not throw.
 *
 * @author Lifeline contributors
 */
public interface SessionRelay {

	/**
	 * Attach the relay to this instance's sessions, which it delivers into. Called once,
	 * when the registry starts.
	 * @param sessions the sessions of this instance
	 */
	void attach(LocalSessions sessions);

	/**
	 * Hand a broadcast to the other instances.
	 * @param message the message
	 */
	void broadcast(WebSocketMessage<?> message);

	/**
	 * Hand a message to the instance that holds a session not open on this one.
	 * @param sessionId the session id
	 * @param message the message
	 * @return completes with {@code true} once the message was handed to the instance
	 * holding the session, with {@code false} if no instance is known to hold it or the
	 * transport failed
	 */
	CompletableFuture<Boolean> send(String sessionId, WebSocketMessage<?> message);

	/**
	 * Ask the instance that holds a session not open on this one to close it.
	 * @param sessionId the session id
	 * @param status the close status
	 * @param cause the cause to record
	 * @return completes with {@code true} once the request was handed to the instance
	 * holding the session, with {@code false} if no instance is known to hold it or the
	 * transport failed
	 */
	CompletableFuture<Boolean> close(String sessionId, CloseStatus status, CloseCause cause);

	/**
	 * Hand a message for every session of a user to the other instances.
	 * @param user the principal name
	 * @param message the message
	 */
	void sendToUser(String user, WebSocketMessage<?> message);

	/**
	 * Hand a message for every member of a group to the other instances.
	 * @param group the group name
	 * @param message the message
	 * @param exceptSessionId the session not to send to, or {@code null}
	 */
	void sendToGroup(String group, WebSocketMessage<?> message, @Nullable String exceptSessionId);

	/**
	 * Ask the other instances to close every session of a user.
	 * @param user the principal name
	 * @param status the close status
	 * @param cause the cause to record
	 */
	void closeUser(String user, CloseStatus status, CloseCause cause);

	/**
	 * Ask the instance that holds a session not open on this one to add it to a group.
	 * @param sessionId the session id
	 * @param group the group name
	 * @return completes with {@code true} once the request was handed to the instance
	 * holding the session, with {@code false} if no instance is known to hold it or the
	 * transport failed
	 */
	CompletableFuture<Boolean> join(String sessionId, String group);

	/**
	 * Ask the instance that holds a session not open on this one to remove it from a
	 * group.
	 * @param sessionId the session id
	 * @param group the group name
	 * @return completes with {@code true} once the request was handed to the instance
	 * holding the session, with {@code false} if no instance is known to hold it or the
	 * transport failed
	 */
	CompletableFuture<Boolean> leave(String sessionId, String group);

	/**
	 * Record that a session of this instance joined a group.
	 * @param sessionId the session id
	 * @param group the group name
	 */
	void joined(String sessionId, String group);

	/**
	 * Record that a session of this instance left groups, because it left them or closed.
	 * @param sessionId the session id
	 * @param groups the groups it left
	 */
	void left(String sessionId, Set<String> groups);

}
