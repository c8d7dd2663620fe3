package dev.lifeline.server;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Carries the {@link WebSocketSessions} operations that concern sessions on other
 * instances of the application, so that several instances behind a load balancer act as
 * one.
 * <p>
 * The registry delivers to its own sessions first and then hands the operation to the
 * relay; a relay delivers what it receives from other instances with
 * {@link WebSocketSessions#broadcastLocally}, {@link WebSocketSessions#sendLocally} and
 * {@link WebSocketSessions#closeLocally}, so that nothing travels twice. Methods are
 * called on application threads: they must return within a bounded time whatever the
 * state of the transport, and must not throw.
 *
 * @author Lifeline contributors
 */
public interface SessionRelay {

	/**
	 * Hand a broadcast to the other instances. Called after the local sessions were sent
	 * the message.
	 * @param message the message
	 */
	void broadcast(WebSocketMessage<?> message);

	/**
	 * Hand a message to the instance that holds a session not open on this one.
	 * @param sessionId the session id
	 * @param message the message
	 * @return {@code true} if the session is known to live on another instance and the
	 * message was handed to it
	 */
	boolean send(String sessionId, WebSocketMessage<?> message);

	/**
	 * Ask the instance that holds a session not open on this one to close it.
	 * @param sessionId the session id
	 * @param status the close status
	 * @param cause the cause to record
	 * @return {@code true} if the session is known to live on another instance and the
	 * request was handed to it
	 */
	boolean close(String sessionId, CloseStatus status, CloseCause cause);

}
