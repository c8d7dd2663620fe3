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

package dev.lifeline.observation;

import dev.lifeline.server.CloseCause;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Context of a {@link WebSocketObservationDocumentation#MESSAGE message} observation.
 *
 * @author Lifeline contributors
 */
public class WebSocketMessageObservationContext extends Observation.Context {

	private final WebSocketSession session;

	private final WebSocketMessage<?> message;

	private final String endpoint;

	private @Nullable CloseCause closeCause;

	/**
	 * Create a new context.
	 * @param session the session the message arrived on
	 * @param message the message handed to the application's handler
	 * @param endpoint the managed path
	 */
	public WebSocketMessageObservationContext(WebSocketSession session, WebSocketMessage<?> message, String endpoint) {
		this.session = session;
		this.message = message;
		this.endpoint = endpoint;
	}

	/**
	 * Return the session the message arrived on.
	 * @return the session
	 */
	public WebSocketSession getSession() {
		return this.session;
	}

	/**
	 * Return the message handed to the application's handler.
	 * @return the message
	 */
	public WebSocketMessage<?> getMessage() {
		return this.message;
	}

	/**
	 * Return the managed path the session was opened on.
	 * @return the path
	 */
	public String getEndpoint() {
		return this.endpoint;
	}

	/**
	 * Return the cause Lifeline closed the session with because of this message.
	 * @return the cause, or {@code null} when the session was not closed
	 */
	public @Nullable CloseCause getCloseCause() {
		return this.closeCause;
	}

	/**
	 * Set the cause Lifeline closed the session with because of this message.
	 * @param closeCause the cause
	 */
	public void setCloseCause(@Nullable CloseCause closeCause) {
		this.closeCause = closeCause;
	}

}
