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

import org.springframework.context.ApplicationEvent;

/**
 * Published when a client's resume was refused; the client then gets a fresh session on
 * the same connection and must resynchronise its state.
 *
 * @author Lifeline contributors
 */
public class WebSocketResumeRefusedEvent extends ApplicationEvent {

	private final String sessionId;

	private final String reason;

	/**
	 * Create a new event.
	 * @param source the registry that published it
	 * @param sessionId the id of the session the client asked to resume
	 * @param reason the reason sent to the client: {@code expired}, {@code overflow},
	 * {@code principal}, {@code endpoint} or {@code unknown}
	 */
	public WebSocketResumeRefusedEvent(Object source, String sessionId, String reason) {
		super(source);
		this.sessionId = sessionId;
		this.reason = reason;
	}

	/**
	 * Return the id of the session the client asked to resume.
	 * @return the session id
	 */
	public String getSessionId() {
		return this.sessionId;
	}

	/**
	 * Return why the resume was refused.
	 * @return the reason sent to the client
	 */
	public String getReason() {
		return this.reason;
	}

}
