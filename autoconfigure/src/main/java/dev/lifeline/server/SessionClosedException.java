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

import java.io.IOException;

/**
 * Thrown, or used to complete a send's future, when a message is offered to a session
 * that is closing or closed, or when the session closed before a queued message was
 * written.
 *
 * @author Lifeline contributors
 */
public class SessionClosedException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create a new exception.
	 * @param sessionId the id of the session
	 */
	public SessionClosedException(String sessionId) {
		super("WebSocket session " + sessionId + " is closed");
	}

}
