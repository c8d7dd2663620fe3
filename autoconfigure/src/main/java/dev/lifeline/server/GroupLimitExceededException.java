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

/**
 * Thrown when a session would join more groups than
 * {@code lifeline.max-groups-per-session} allows, which bounds what one client can make
 * the server hold.
 *
 * @author Lifeline contributors
 */
public class GroupLimitExceededException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String sessionId;

	private final String group;

	private final int limit;

	/**
	 * Create a new exception.
	 * @param sessionId the id of the session
	 * @param group the group it tried to join
	 * @param limit the most groups a session may be a member of
	 */
	public GroupLimitExceededException(String sessionId, String group, int limit) {
		super("WebSocket session " + sessionId + " cannot join group '" + group + "': it is already a member of "
				+ limit + " groups (lifeline.max-groups-per-session)");
		this.sessionId = sessionId;
		this.group = group;
		this.limit = limit;
	}

	/**
	 * Return the id of the session.
	 * @return the session id
	 */
	public String getSessionId() {
		return this.sessionId;
	}

	/**
	 * Return the group the session tried to join.
	 * @return the group
	 */
	public String getGroup() {
		return this.group;
	}

	/**
	 * Return the most groups a session may be a member of.
	 * @return the limit
	 */
	public int getLimit() {
		return this.limit;
	}

}
