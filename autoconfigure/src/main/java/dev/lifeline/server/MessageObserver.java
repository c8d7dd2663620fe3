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

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketMessage;

/**
 * Wraps the application's handling of each inbound message, as the message observations
 * do.
 *
 * @author Lifeline contributors
 */
@FunctionalInterface
public interface MessageObserver {

	/**
	 * The handshake attribute where a handshake interceptor leaves the observation that
	 * the session's message observations are children of. Lifeline moves it out of the
	 * application's attributes when the session opens.
	 */
	String HANDSHAKE_OBSERVATION_ATTRIBUTE = "dev.lifeline.observation.HandshakeObservationInterceptor.observation";

	/**
	 * Hand a message to the application's handler, observed.
	 * @param session the session the message arrived on
	 * @param handshake what the handshake left under
	 * {@link #HANDSHAKE_OBSERVATION_ATTRIBUTE}, or {@code null}
	 * @param message the message
	 * @param handler what hands the message to the application's handler
	 * @throws Exception what the handler threw
	 */
	void observe(LifelineSession session, @Nullable Object handshake, WebSocketMessage<?> message, Handling handler)
			throws Exception;

	/**
	 * The application's handling of one message.
	 */
	@FunctionalInterface
	interface Handling {

		/**
		 * Hand the message to the application's handler.
		 * @throws Exception what the handler threw
		 */
		void handle() throws Exception;

	}

}
