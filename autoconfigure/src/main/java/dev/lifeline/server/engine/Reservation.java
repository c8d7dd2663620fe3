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

import dev.lifeline.server.RejectionReason;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketSession;

/**
 * What a handshake reserved for a session, such as its place under the session caps, left
 * in the handshake's attributes under {@link #ATTRIBUTE} and released exactly once: when
 * the session finishes, or when it is refused at open.
 *
 * @author Lifeline contributors
 */
public interface Reservation {

	/**
	 * The handshake attribute the reservation is left under. The registry takes it out of
	 * the attributes when the session opens, so the application never sees it.
	 */
	String ATTRIBUTE = "dev.lifeline.server.handshake.SessionSlots.slot";

	/**
	 * The handshake attribute a {@link Deferred} is left under: a resume the handshake
	 * admitted without a slot, since its session holds one, reserves one only if the
	 * resume is refused and a fresh session opens instead.
	 */
	String DEFERRED_ATTRIBUTE = "dev.lifeline.server.handshake.SessionSlots.deferred";

	/**
	 * Count the reservation under the principal the handshake handler decided, which may
	 * differ from the one it was made for.
	 * @param user the principal's name, or {@code null} when anonymous
	 * @return {@code false} if that principal holds the most sessions one user may have
	 */
	default boolean assignUser(@Nullable String user) {
		return true;
	}

	/**
	 * Release the reservation; further calls have no effect.
	 */
	void release();

	/**
	 * Release the reservation a container's session still holds in its attributes, if
	 * any: one that was refused before it opened.
	 * @param session the container's session
	 */
	static void release(WebSocketSession session) {
		if (session.getAttributes().get(ATTRIBUTE) instanceof Reservation reservation) {
			reservation.release();
		}
	}

	/**
	 * Reserves a slot later, for a handshake admitted as a resume.
	 */
	@FunctionalInterface
	interface Deferred {

		/**
		 * Reserve the slot now, leaving it in the attributes under {@link #ATTRIBUTE}.
		 * @param attributes the connection's attributes
		 * @return {@code null} when reserved, otherwise why a cap refused it
		 */
		@Nullable RejectionReason reserve(Map<String, Object> attributes);

	}

}
