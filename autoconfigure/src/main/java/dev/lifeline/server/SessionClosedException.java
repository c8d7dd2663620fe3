package dev.lifeline.server;

import java.io.IOException;

/**
 * Thrown, or used to complete a send's future, when a message is offered to a session
 * that is closing or closed, or when the session closed before a queued message was
 * written.
 *
 * @author Lifeline contributors
 */
public class SessionClosedException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create a new exception.
	 * @param sessionId the id of the session
	 */
	public SessionClosedException(String sessionId) {
		super("WebSocket session " + sessionId + " is closed");
	}

}
