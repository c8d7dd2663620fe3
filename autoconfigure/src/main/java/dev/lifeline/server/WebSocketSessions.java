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

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * The live sessions of Lifeline's managed endpoints: find, count, send to, broadcast to
 * and close them. Inject it wherever the application needs to reach its clients.
 * <p>
 * Nothing here waits for a peer: sending queues the message in each session's own bounded
 * queue and returns (see {@link LifelineSession}), and closing queues the close behind
 * the messages sent before it.
 * <p>
 * Sessions enter when they open and leave exactly once, when the container reports the
 * close, when Lifeline aborts a dead connection, or when the cleanup sweep finds a
 * session the container closed without a callback. Each leave is counted under a
 * {@link CloseCause} in the {@link #getStatistics() statistics} and announced to every
 * {@link SessionLifecycleListener} and as a {@link WebSocketSessionClosedEvent}.
 * <p>
 * Sessions are also found by user, the name of the principal they authenticated as, and
 * by group: a session {@link #join joins} and {@link #leave leaves} groups by name, at
 * most {@code lifeline.max-groups-per-session} of them, and its memberships end when it
 * leaves. A user or group without open sessions is forgotten at once. With the cluster
 * on, sends, joins and closes for sessions, users and groups reach the other instances
 * too.
 * <p>
 * On shutdown, before the web server stops, new handshakes are refused, every session is
 * closed with {@code 1001} as soon as the message being written to it is done (messages
 * still queued are not sent), and sessions that did not complete the close handshake
 * within the shutdown timeout are aborted.
 *
 * @author Lifeline contributors
 */
public interface WebSocketSessions {

	/**
	 * Return the number of open sessions on this instance.
	 * @return the session count
	 */
	int count();

	/**
	 * Find an open session by id.
	 * @param id the session id
	 * @return the session, if it is open on this instance
	 */
	Optional<LifelineSession> find(String id);

	/**
	 * Return a stream over the open sessions, weakly consistent with concurrent opens and
	 * closes.
	 * @return the sessions
	 */
	Stream<LifelineSession> stream();

	/**
	 * Return a copy of the open sessions.
	 * @return the sessions
	 */
	default Collection<LifelineSession> snapshot() {
		return stream().toList();
	}

	/**
	 * Queue a message for every open session and, with the cluster on, hand it to the
	 * other instances first. Returns at once.
	 * @param message the message
	 * @return what became of the message on this instance
	 */
	BroadcastResult broadcast(WebSocketMessage<?> message);

	/**
	 * Queue a message for one session, on this instance or, with the cluster on, on
	 * another. Returns at once.
	 * @param id the session id
	 * @param message the message
	 * @return {@code true} if the session is open here and queued the message, or if the
	 * cluster took the message to the instance that may hold the session (use
	 * {@link #sendAsync} to learn whether one did)
	 */
	boolean send(String id, WebSocketMessage<?> message);

	/**
	 * Queue a message for one session, on this instance or, with the cluster on, on
	 * another, and learn what became of it.
	 * @param id the session id
	 * @param message the message
	 * @return completes with {@code true} when the message is on the wire (a session of
	 * this instance) or was handed to the instance holding the session; with
	 * {@code false} when no instance holds it; exceptionally when the session closed, was
	 * cut off or dropped the message first
	 */
	CompletableFuture<Boolean> sendAsync(String id, WebSocketMessage<?> message);

	/**
	 * Find the sessions of a user open on this instance.
	 * @param user the principal name
	 * @return the sessions, possibly empty
	 */
	List<LifelineSession> findByUser(String user);

	/**
	 * Queue a message for every session of a user, here and, with the cluster on, on the
	 * other instances. Returns at once.
	 * @param user the principal name
	 * @param message the message
	 * @return what became of the message on this instance
	 */
	BroadcastResult sendToUser(String user, WebSocketMessage<?> message);

	/**
	 * Close every session of a user, here and, with the cluster on, on the other
	 * instances. Returns at once; each close frame follows the messages queued before it.
	 * @param user the principal name
	 * @param status the close status
	 * @return the number of sessions closed on this instance
	 */
	int closeUser(String user, CloseStatus status);

	/**
	 * Return the number of distinct users with at least one session open on this
	 * instance.
	 * @return the user count
	 */
	int userCount();

	/**
	 * Add a session to a group. A session that is not open here is joined, with the
	 * cluster on, on the instance that holds it.
	 * @param sessionId the session id
	 * @param group the group name
	 * @return {@code true} if the session is open here and newly a member, or if the
	 * cluster took the join to the instance that may hold the session; {@code false} if
	 * it already was a member or is not open
	 * @throws GroupLimitExceededException if the session is open here and already a
	 * member of {@code lifeline.max-groups-per-session} groups
	 */
	boolean join(String sessionId, String group);

	/**
	 * Remove a session from a group. A session that is not open here leaves, with the
	 * cluster on, on the instance that holds it.
	 * @param sessionId the session id
	 * @param group the group name
	 * @return {@code true} if the session is open here and was a member, or if the
	 * cluster took the request to the instance that may hold the session
	 */
	boolean leave(String sessionId, String group);

	/**
	 * Queue a message for every member of a group, here and, with the cluster on, on the
	 * other instances. Returns at once.
	 * @param group the group name
	 * @param message the message
	 * @return what became of the message on this instance
	 */
	default BroadcastResult sendToGroup(String group, WebSocketMessage<?> message) {
		return sendToGroup(group, message, null);
	}

	/**
	 * Queue a message for every member of a group but one, such as the sender, here and,
	 * with the cluster on, on the other instances. Returns at once.
	 * @param group the group name
	 * @param message the message
	 * @param exceptSessionId the session not to send to, or {@code null}
	 * @return what became of the message on this instance
	 */
	BroadcastResult sendToGroup(String group, WebSocketMessage<?> message, @Nullable String exceptSessionId);

	/**
	 * Find the members of a group open on this instance.
	 * @param group the group name
	 * @return the sessions, possibly empty
	 */
	List<LifelineSession> findByGroup(String group);

	/**
	 * Return the groups a session open on this instance is a member of.
	 * @param sessionId the session id
	 * @return an unmodifiable snapshot of its groups, in the order it joined them; empty
	 * if the session is not open here
	 */
	Set<String> getGroups(String sessionId);

	/**
	 * Return the number of groups with at least one member open on this instance.
	 * @return the group count
	 */
	int groupCount();

	/**
	 * Return the most groups one session may be a member of at once.
	 * @return the limit
	 */
	int getMaxGroupsPerSession();

	/**
	 * Close a session, counting the close under the cause its status implies. Returns at
	 * once; the close frame follows the messages queued before it.
	 * @param id the session id
	 * @param status the close status
	 * @return {@code true} if the session was open on this instance, or if the cluster
	 * took the close to the instance that may hold it
	 */
	boolean close(String id, CloseStatus status);

	/**
	 * Return the managed endpoints, ordered by name.
	 * @return the endpoints
	 */
	List<ManagedEndpoint> getEndpoints();

	/**
	 * Return a managed endpoint by name.
	 * @param name the endpoint's name, the bean name of its handler
	 * @return the endpoint, if there is one of that name
	 */
	Optional<ManagedEndpoint> getEndpoint(String name);

	/**
	 * Return the settings sessions are created with, unless their endpoint has its own.
	 * @return the settings
	 */
	SessionSettings getSettings();

	/**
	 * Return the counters of every managed endpoint together, read-only.
	 * @return the statistics
	 */
	SessionStatistics getStatistics();

	/**
	 * Whether the server is draining for shutdown and refuses new sessions.
	 * @return {@code true} while shutting down
	 */
	boolean isDraining();

}
