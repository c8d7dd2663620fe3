package dev.lifeline.server;

/**
 * What a session does when more data is queued for it than its send buffer limit allows.
 *
 * @author Lifeline contributors
 */
public enum OverflowStrategy {

	/**
	 * Close the session as a slow consumer and free its queue.
	 */
	TERMINATE,

	/**
	 * Drop the oldest queued messages, count them, and keep the session open.
	 */
	DROP

}
