package dev.lifeline.server.engine;

import dev.lifeline.server.LifelineSession;
import org.springframework.web.socket.WebSocketSession;

/**
 * Reaches the container's session under a Lifeline session, which the application never
 * sees, for tests that check what Lifeline set on the container.
 */
public final class ContainerSessions {

	private ContainerSessions() {
	}

	/**
	 * Return the container's session of a session's current connection.
	 * @param session the session
	 * @return the container's session
	 */
	public static WebSocketSession of(LifelineSession session) {
		return ((DefaultLifelineSession) session).connection().containerSession();
	}

}
