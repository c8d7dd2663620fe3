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

import dev.lifeline.server.BroadcastResult;
import dev.lifeline.server.CloseCause;
import dev.lifeline.server.GroupLimitExceededException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * The sessions open on this instance, as a {@link SessionRelay} sees them: it delivers
 * what other instances send into them, and lists them for its directory. Every method
 * returns at once.
 *
 * @author Lifeline contributors
 */
public interface LocalSessions {

	/**
	 * Queue a message for every session open on this instance.
	 * @param message the message
	 * @return what became of the message
	 */
	BroadcastResult broadcast(WebSocketMessage<?> message);

	/**
	 * Queue a message for a session if it is open on this instance.
	 * @param sessionId the session id
	 * @param message the message
	 * @return {@code true} if the session is open here and the message was queued
	 */
	boolean send(String sessionId, WebSocketMessage<?> message);

	/**
	 * Close a session if it is open on this instance.
	 * @param sessionId the session id
	 * @param status the close status
	 * @param cause the cause to record
	 * @return {@code true} if the session is open here
	 */
	boolean close(String sessionId, CloseStatus status, CloseCause cause);

	/**
	 * Queue a message for every session of a user open on this instance.
	 * @param user the principal name
	 * @param message the message
	 * @return what became of the message
	 */
	BroadcastResult sendToUser(String user, WebSocketMessage<?> message);

	/**
	 * Queue a message for every member of a group open on this instance.
	 * @param group the group name
	 * @param message the message
	 * @param exceptSessionId the session not to send to, or {@code null}
	 * @return what became of the message
	 */
	BroadcastResult sendToGroup(String group, WebSocketMessage<?> message, @Nullable String exceptSessionId);

	/**
	 * Close every session of a user open on this instance.
	 * @param user the principal name
	 * @param status the close status
	 * @param cause the cause to record
	 * @return the number of sessions closed
	 */
	int closeUser(String user, CloseStatus status, CloseCause cause);

	/**
	 * Add a session to a group if it is open on this instance.
	 * @param sessionId the session id
	 * @param group the group name
	 * @return {@code true} if the session is open here and newly a member
	 * @throws GroupLimitExceededException if the session is already a member of as many
	 * groups as allowed
	 */
	boolean join(String sessionId, String group);

	/**
	 * Remove a session from a group if it is open on this instance.
	 * @param sessionId the session id
	 * @param group the group name
	 * @return {@code true} if the session is open here and was a member
	 */
	boolean leave(String sessionId, String group);

	/**
	 * Return the ids of the sessions of each user with sessions open on this instance.
	 * @return a snapshot, by principal name
	 */
	Map<String, List<String>> userSessionIds();

	/**
	 * Return the ids of the members of each group with members open on this instance.
	 * @return a snapshot, by group name
	 */
	Map<String, List<String>> groupSessionIds();

	/**
	 * Return the ids of the sessions open on this instance.
	 * @return the ids, weakly consistent with concurrent opens and closes
	 */
	Stream<String> sessionIds();

	/**
	 * Return the number of sessions open on this instance.
	 * @return the count
	 */
	int count();

}
