package dev.lifeline.server;

import java.util.concurrent.CompletableFuture;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Carries the {@link WebSocketSessions} operations that concern sessions on other
 * instances of the application, so that several instances behind a load balancer act as
 * one.
 * <p>
 * The registry hands a broadcast to the relay before it delivers to its own sessions, and
 * a send or close for a session that is not open here; the relay delivers what it
 * receives from other instances into the {@link LocalSessions} it was
 * {@link #attach(LocalSessions) attached} to, so that nothing travels twice. Every method
 * returns at once, whatever the state of the transport, and must not throw.
 *
 * @author Lifeline contributors
 */
public interface SessionRelay {

	/**
	 * Attach the relay to this instance's sessions, which it delivers into. Called once,
	 * when the registry starts.
	 * @param sessions the sessions of this instance
	 */
	void attach(LocalSessions sessions);

	/**
	 * Hand a broadcast to the other instances.
	 * @param message the message
	 */
	void broadcast(WebSocketMessage<?> message);

	/**
	 * Hand a message to the instance that holds a session not open on this one.
	 * @param sessionId the session id
	 * @param message the message
	 * @return completes with {@code true} once the message was handed to the instance
	 * holding the session, with {@code false} if no instance is known to hold it or the
	 * transport failed
	 */
	CompletableFuture<Boolean> send(String sessionId, WebSocketMessage<?> message);

	/**
	 * Ask the instance that holds a session not open on this one to close it.
	 * @param sessionId the session id
	 * @param status the close status
	 * @param cause the cause to record
	 * @return completes with {@code true} once the request was handed to the instance
	 * holding the session, with {@code false} if no instance is known to hold it or the
	 * transport failed
	 */
	CompletableFuture<Boolean> close(String sessionId, CloseStatus status, CloseCause cause);

}
