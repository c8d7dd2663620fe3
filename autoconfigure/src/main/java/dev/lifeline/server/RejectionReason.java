package dev.lifeline.server;

/**
 * Why a WebSocket handshake was refused before the upgrade.
 *
 * @author Lifeline contributors
 */
public enum RejectionReason {

	/**
	 * The {@code Origin} header is not allowed (HTTP 403).
	 */
	ORIGIN,

	/**
	 * The maximum number of sessions is reached (HTTP 503).
	 */
	CAPACITY,

	/**
	 * The application is shutting down (HTTP 503).
	 */
	SHUTDOWN,

	/**
	 * The request is not a valid WebSocket handshake (HTTP 400, 405 or 426).
	 */
	INVALID_HANDSHAKE,

	/**
	 * The principal already holds the most sessions one user may have (HTTP 429).
	 */
	USER_LIMIT,

	/**
	 * The remote address already holds the most sessions one address may have (HTTP 429).
	 */
	ADDRESS_LIMIT

}
