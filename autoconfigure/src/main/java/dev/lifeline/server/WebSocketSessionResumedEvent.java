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

import java.time.Duration;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a resumable session was resumed on a new connection.
 *
 * @author Lifeline contributors
 */
public class WebSocketSessionResumedEvent extends ApplicationEvent {

	private final LifelineSession session;

	private final Duration gap;

	private final int replayed;

	/**
	 * Create a new event.
	 * @param source the registry that published it
	 * @param session the session
	 * @param gap how long it was detached ({@link Duration#ZERO} for a takeover)
	 * @param replayed how many retained messages are written again
	 */
	public WebSocketSessionResumedEvent(Object source, LifelineSession session, Duration gap, int replayed) {
		super(source);
		this.session = session;
		this.gap = gap;
		this.replayed = replayed;
	}

	/**
	 * Return the session that was resumed.
	 * @return the session
	 */
	public LifelineSession getSession() {
		return this.session;
	}

	/**
	 * Return how long the session was detached.
	 * @return the gap
	 */
	public Duration getGap() {
		return this.gap;
	}

	/**
	 * Return how many retained messages are written again on the new connection.
	 * @return the count
	 */
	public int getReplayed() {
		return this.replayed;
	}

}
