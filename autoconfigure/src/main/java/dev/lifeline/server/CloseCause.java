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
	 * Unexpected condition on the server (1011): Lifeline closed the session because the
	 * application's handler threw, or the application closed it with 1011.
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
	OVERLOADED,

	/**
	 * Closed by the client because of an unexpected condition on its side (1011): the
	 * client's error, not the server's.
	 */
	CLIENT_ERROR;

	/**
	 * Derive the cause that a close status implies, for a close that Lifeline or the
	 * application starts with that status.
	 * @param status the close status
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
	 * Derive the cause of a close that Lifeline did not start, from the status the
	 * container reported: the close the peer sent, or the container's own close for a
	 * protocol error or a lost connection. Lifeline closes with a cause of its own when
	 * the application's handler throws, so a 1011 it did not send is the client's.
	 * @param status the close status reported by the container
	 * @return the cause, {@link #CLIENT_ERROR} for 1011
	 */
	public static CloseCause ofPeer(CloseStatus status) {
		return (status.getCode() == CloseStatus.SERVER_ERROR.getCode()) ? CLIENT_ERROR : of(status);
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
