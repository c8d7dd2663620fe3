package dev.lifeline.server;

import dev.lifeline.server.adapter.Connection;
import org.springframework.web.socket.CloseStatus;

/**
 * Why a session closed, derived from its close status and from what Lifeline itself
 * decided.
 *
 * @author Lifeline contributors
 */
public enum CloseCause {

	/**
	 * Normal closure (1000), or a close frame without a code (1005).
	 */
	NORMAL,

	/**
	 * Peer or server going away (1001).
	 */
	GOING_AWAY,

	/**
	 * Protocol error (1002), such as a fragmented control frame.
	 */
	PROTOCOL_ERROR,

	/**
	 * Unsupported data type (1003).
	 */
	UNSUPPORTED_DATA,

	/**
	 * Data inconsistent with the message type (1007), such as invalid UTF-8.
	 */
	BAD_DATA,

	/**
	 * Policy violation (1008).
	 */
	POLICY_VIOLATION,

	/**
	 * Message too big (1009).
	 */
	TOO_BIG,

	/**
	 * Unexpected condition on the server (1011).
	 */
	SERVER_ERROR,

	/**
	 * Connection lost without a close frame (1006).
	 */
	ABNORMAL,

	/**
	 * Closed by Lifeline because the peer stopped answering pings.
	 */
	HEARTBEAT_TIMEOUT,

	/**
	 * Closed by Lifeline because the peer did not read fast enough.
	 */
	SLOW_CONSUMER,

	/**
	 * Closed by Lifeline because the application is shutting down.
	 */
	SHUTDOWN,

	/**
	 * Closed on an operator's request.
	 */
	OPERATOR,

	/**
	 * Closed with a code that none of the other causes describe.
	 */
	OTHER,

	/**
	 * Closed by Lifeline because the peer sent more messages than its rate limit allows
	 * (1008).
	 */
	RATE_LIMITED,

	/**
	 * Closed by Lifeline because the credentials the session was opened with ended: the
	 * HTTP session was invalidated or expired, or the token expired (1008).
	 */
	CREDENTIALS_EXPIRED,

	/**
	 * Closed by Lifeline because the partial messages held across all sessions reached
	 * their budget (1013).
	 */
	OVERLOADED;

	/**
	 * Derive the cause of a close that Lifeline did not initiate.
	 * @param status the close status reported by the container
	 * @return the cause
	 */
	public static CloseCause of(CloseStatus status) {
		return switch (status.getCode()) {
			case 1000, 1005 -> NORMAL;
			case 1001 -> GOING_AWAY;
			case 1002 -> PROTOCOL_ERROR;
			case 1003 -> UNSUPPORTED_DATA;
			case 1006 -> ABNORMAL;
			case 1007 -> BAD_DATA;
			case 1008 -> POLICY_VIOLATION;
			case 1009 -> TOO_BIG;
			case 1011 -> SERVER_ERROR;
			default -> OTHER;
		};
	}

	/**
	 * Whether closes with this cause are expected in normal operation.
	 * @return {@code true} for {@link #NORMAL}, {@link #GOING_AWAY}, {@link #SHUTDOWN}
	 * and {@link #CREDENTIALS_EXPIRED}
	 */
	public boolean isNormal() {
		return this == NORMAL || this == GOING_AWAY || this == SHUTDOWN || this == CREDENTIALS_EXPIRED;
	}

}
