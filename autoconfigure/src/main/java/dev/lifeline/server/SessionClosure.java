package dev.lifeline.server;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How and why a session closed.
 *
 * @param sessionId the session id
 * @param at when the close was recorded
 * @param code the close code
 * @param reason the close reason, as sent by Lifeline or reported by the container
 * @param cause the cause
 * @param remoteAddress the peer's address
 * @param principal the authenticated principal's name
 * @param duration how long the session was open
 * @author Lifeline contributors
 */
public record SessionClosure(String sessionId, Instant at, int code, String reason, CloseCause cause,
		@Nullable String remoteAddress, @Nullable String principal, Duration duration) {

}
