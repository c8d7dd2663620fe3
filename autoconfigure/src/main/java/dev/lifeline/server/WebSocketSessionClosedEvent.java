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
 * Published once when a managed WebSocket session closed and left the registry.
 *
 * @author Lifeline contributors
 */
public class WebSocketSessionClosedEvent extends ApplicationEvent {

	private final LifelineSession session;

	private final SessionClosure closure;

	/**
	 * Create a new event.
	 * @param source the registry that published it
	 * @param session the session
	 * @param closure how and why it closed
	 */
	public WebSocketSessionClosedEvent(Object source, LifelineSession session, SessionClosure closure) {
		super(source);
		this.session = session;
		this.closure = closure;
	}

	/**
	 * Return the session that closed.
	 * @return the session
	 */
	public LifelineSession getSession() {
		return this.session;
	}

	/**
	 * Return how and why the session closed.
	 * @return the closure
	 */
	public SessionClosure getClosure() {
		return this.closure;
	}

	/**
	 * Return the cause of the close.
	 * @return the cause
	 */
	public CloseCause getCause() {
		return this.closure.cause();
	}

}
