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

}
