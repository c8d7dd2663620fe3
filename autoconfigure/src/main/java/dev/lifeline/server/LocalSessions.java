package dev.lifeline.server;

import java.util.stream.Stream;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * The sessions open on this instance, as a {@link SessionRelay} sees them: it delivers
 * what other instances send into them, and lists them for its directory. Every method
 * returns at once.
 *
 * @author Lifeline contributors
 */
public interface LocalSessions {

	/**
	 * Queue a message for every session open on this instance.
	 * @param message the message
	 * @return what became of the message
	 */
	BroadcastResult broadcast(WebSocketMessage<?> message);

	/**
	 * Queue a message for a session if it is open on this instance.
	 * @param sessionId the session id
	 * @param message the message
	 * @return {@code true} if the session is open here and the message was queued
	 */
	boolean send(String sessionId, WebSocketMessage<?> message);

	/**
	 * Close a session if it is open on this instance.
	 * @param sessionId the session id
	 * @param status the close status
	 * @param cause the cause to record
	 * @return {@code true} if the session is open here
	 */
	boolean close(String sessionId, CloseStatus status, CloseCause cause);

	/**
	 * Return the ids of the sessions open on this instance.
	 * @return the ids, weakly consistent with concurrent opens and closes
	 */
	Stream<String> sessionIds();

	/**
	 * Return the number of sessions open on this instance.
	 * @return the count
	 */
	int count();

}
