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
 * Published when a resumable session lost its connection without a close frame and is
 * kept, detached, for its client to resume it. Not a close: the application's handler is
 * not told.
 *
 * @author Lifeline contributors
 */
public class WebSocketSessionDetachedEvent extends ApplicationEvent {

	private final LifelineSession session;

	/**
	 * Create a new event.
	 * @param source the registry that published it
	 * @param session the session
	 */
	public WebSocketSessionDetachedEvent(Object source, LifelineSession session) {
		super(source);
		this.session = session;
	}

	/**
	 * Return the session that was detached.
	 * @return the session
	 */
	public LifelineSession getSession() {
		return this.session;
	}

}
