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

/**
 * Callback for the lifecycle of managed WebSocket sessions. Beans of this type are called
 * in order for every session; the registry, metrics and close logging are themselves such
 * listeners.
 * <p>
 * Callbacks run on the container's thread that saw the event, or, for what Lifeline's
 * heartbeat and cleanup sweep find (timeouts, slow consumers, orphans, pings), on
 * Lifeline's events thread, in order, so that a slow listener never delays the detection
 * of dead peers. They should still not block: the events thread is shared. An exception
 * thrown by a listener is logged and does not affect the session or other listeners.
 *
 * @author Lifeline contributors
 */
public interface SessionLifecycleListener {

	/**
	 * Called after a session opened and entered the registry.
	 * @param session the session
	 */
	default void sessionOpened(LifelineSession session) {
	}

	/**
	 * Called once after a session closed and left the registry, with its final counters.
	 * @param session the session
	 * @param closed how and why it closed
	 */
	default void sessionClosed(LifelineSession session, SessionClosure closed) {
	}

	/**
	 * Called when a pong answered one of Lifeline's pings.
	 * @param session the session
	 * @param rtt the round-trip time
	 */
	default void pongReceived(LifelineSession session, Duration rtt) {
	}

	/**
	 * Called when a ping was written to a session.
	 * @param session the session
	 */
	default void pingSent(LifelineSession session) {
	}

	/**
	 * Called when a handshake is rejected before the upgrade.
	 * @param reason the reason
	 */
	default void handshakeRejected(RejectionReason reason) {
	}

	/**
	 * Called when a resumable session lost its connection without a close frame and is
	 * kept for its client to resume it. Not a close.
	 * @param session the session
	 */
	default void sessionDetached(LifelineSession session) {
	}

	/**
	 * Called when a resumable session was resumed on a new connection.
	 * @param session the session
	 * @param gap how long it was detached ({@link Duration#ZERO} for a takeover)
	 * @param replayed how many retained messages are written again
	 */
	default void sessionResumed(LifelineSession session, Duration gap, int replayed) {
	}

	/**
	 * Called when a client's resume was refused.
	 * @param sessionId the id of the session the client asked to resume
	 * @param reason the reason sent to the client
	 */
	default void resumeRefused(String sessionId, String reason) {
	}

}
