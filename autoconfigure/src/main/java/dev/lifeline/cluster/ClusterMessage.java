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

package dev.lifeline.cluster;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.relay.LocalSessions;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * A registry operation travelling between instances: one record per kind, each with only
 * what its kind needs, and each knowing how to carry itself out on the receiving
 * instance. {@link ClusterMessageCodec} writes and reads them.
 *
 * @author Lifeline contributors
 */
sealed interface ClusterMessage {

	/**
	 * Return the id of the node that sent the message, so that a node ignores its own.
	 * @return the node id
	 */
	String origin();

	/**
	 * Carry out the operation on the sessions of the receiving instance.
	 * @param sessions the sessions open on this instance
	 */
	void deliverTo(LocalSessions sessions);

	/**
	 * Send a message to every local session.
	 *
	 * @param origin the id of the sending node
	 * @param message the message
	 */
	record Broadcast(String origin, WebSocketMessage<?> message) implements ClusterMessage {

		@Override
		public void deliverTo(LocalSessions sessions) {
			sessions.broadcast(this.message);
		}

	}

	/**
	 * Send a message to one local session.
	 *
	 * @param origin the id of the sending node
	 * @param sessionId the session
	 * @param message the message
	 */
	record SendToSession(String origin, String sessionId, WebSocketMessage<?> message) implements ClusterMessage {

		@Override
		public void deliverTo(LocalSessions sessions) {
			sessions.send(this.sessionId, this.message);
		}

	}

	/**
	 * Close one local session.
	 *
	 * @param origin the id of the sending node
	 * @param sessionId the session
	 * @param status the close status
	 * @param cause the close cause
	 */
	record CloseSession(String origin, String sessionId, CloseStatus status,
			CloseCause cause) implements ClusterMessage {

		@Override
		public void deliverTo(LocalSessions sessions) {
			sessions.close(this.sessionId, this.status, this.cause);
		}

	}

	/**
	 * Send a message to every local session of a user.
	 *
	 * @param origin the id of the sending node
	 * @param user the principal name
	 * @param message the message
	 */
	record SendToUser(String origin, String user, WebSocketMessage<?> message) implements ClusterMessage {

		@Override
		public void deliverTo(LocalSessions sessions) {
			sessions.sendToUser(this.user, this.message);
		}

	}

	/**
	 * Send a message to every local member of a group, but one.
	 *
	 * @param origin the id of the sending node
	 * @param group the group name
	 * @param message the message
	 * @param exceptSessionId the session not to send to, or {@code null}
	 */
	record SendToGroup(String origin, String group, WebSocketMessage<?> message,
			@Nullable String exceptSessionId) implements ClusterMessage {

		@Override
		public void deliverTo(LocalSessions sessions) {
			sessions.sendToGroup(this.group, this.message, this.exceptSessionId);
		}

	}

	/**
	 * Close every local session of a user.
	 *
	 * @param origin the id of the sending node
	 * @param user the principal name
	 * @param status the close status
	 * @param cause the close cause
	 */
	record CloseUser(String origin, String user, CloseStatus status, CloseCause cause) implements ClusterMessage {

		@Override
		public void deliverTo(LocalSessions sessions) {
			sessions.closeUser(this.user, this.status, this.cause);
		}

	}

	/**
	 * Add one local session to a group.
	 *
	 * @param origin the id of the sending node
	 * @param sessionId the session
	 * @param group the group name
	 */
	record Join(String origin, String sessionId, String group) implements ClusterMessage {

		/**
		 * {@inheritDoc}
		 * @throws dev.lifeline.server.GroupLimitExceededException if the session is
		 * already a member of as many groups as allowed
		 */
		@Override
		public void deliverTo(LocalSessions sessions) {
			sessions.join(this.sessionId, this.group);
		}

	}

	/**
	 * Remove one local session from a group.
	 *
	 * @param origin the id of the sending node
	 * @param sessionId the session
	 * @param group the group name
	 */
	record Leave(String origin, String sessionId, String group) implements ClusterMessage {

		@Override
		public void deliverTo(LocalSessions sessions) {
			sessions.leave(this.sessionId, this.group);
		}

	}

}
