package dev.lifeline.server;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

/**
 * Settings applied to every managed session.
 *
 * @param maxSessions the maximum number of open sessions
 * @param maxTextMessageSize the largest text message, assembled from partial frames
 * @param maxBinaryMessageSize the largest binary message, assembled from partial frames
 * @param sendTimeLimit the longest a send may take before the session is cut off
 * @param sendBufferSizeLimit the most data queued for a session while a send is in
 * progress
 * @param overflowStrategy what to do when the send buffer limit is exceeded
 * @param closeTimeout the longest wait for a peer's answer to a close frame
 * @param shutdownTimeout the longest wait for close handshakes at shutdown
 * @param cleanupInterval how often the cleanup sweep runs
 * @author Lifeline contributors
 */
public record SessionSettings(int maxSessions, DataSize maxTextMessageSize, DataSize maxBinaryMessageSize,
		Duration sendTimeLimit, DataSize sendBufferSizeLimit, OverflowStrategy overflowStrategy, Duration closeTimeout,
		Duration shutdownTimeout, Duration cleanupInterval) {

}
