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

package dev.lifeline.server.engine;

import java.util.Set;

import dev.lifeline.server.CloseCause;

import org.springframework.web.socket.CloseStatus;

/**
 * What a session asks of the registry that owns it.
 *
 * @author Lifeline contributors
 */
interface SessionOwner {

	/**
	 * Close the session politely, once its queued messages are written.
	 * @param session the session
	 * @param status the status
	 * @param cause the cause to count, unless another was recorded first
	 */
	void close(DefaultLifelineSession session, CloseStatus status, CloseCause cause);

	/**
	 * Cut the session off as a slow consumer.
	 * @param session the session
	 * @param reason why
	 */
	void cutOff(DefaultLifelineSession session, String reason);

	/**
	 * A write failed: the connection is unusable.
	 * @param session the session
	 * @param failure why
	 */
	void writeFailed(DefaultLifelineSession session, Throwable failure);

	/**
	 * Add the session to a group.
	 * @param session the session
	 * @param group the group
	 * @return whether it is newly a member
	 */
	boolean join(DefaultLifelineSession session, String group);

	/**
	 * Remove the session from a group.
	 * @param session the session
	 * @param group the group
	 * @return whether it was a member
	 */
	boolean leave(DefaultLifelineSession session, String group);

	/**
	 * Return the groups of the session.
	 * @param session the session
	 * @return a snapshot of its groups
	 */
	Set<String> groups(DefaultLifelineSession session);

	/**
	 * A resumable session retains more than its buffer allows.
	 * @param session the session
	 */
	void overflow(DefaultLifelineSession session);

	/**
	 * Count bytes that a detached session retains (positive) or no longer retains
	 * (negative) in the bound of all detached sessions. Called under the session's resume
	 * state's monitor: it only counts.
	 * @param bytes the change
	 */
	void detachedBytes(long bytes);

	/**
	 * A detached session retained another message: check the bound of all detached
	 * sessions. Called outside the session's locks.
	 * @param session the session
	 */
	void retainedWhileDetached(DefaultLifelineSession session);

}
