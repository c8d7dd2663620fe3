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

import java.util.Map;

/**
 * Counters of sessions, read-only: of one managed endpoint, or of every endpoint
 * together. Each is a sum kept without locks, so a read racing an update may be off by
 * that update.
 *
 * @author Lifeline contributors
 */
public interface SessionStatistics {

	/**
	 * Return the number of sessions opened since start.
	 * @return the opened total
	 */
	long getOpenedTotal();

	/**
	 * Return the number of sessions closed since start.
	 * @return the closed total
	 */
	long getClosedTotal();

	/**
	 * Return the number of sessions closed for a cause.
	 * @param cause the cause
	 * @return the count
	 */
	long getClosed(CloseCause cause);

	/**
	 * Return the closes counted per cause, omitting causes never seen.
	 * @return the counts by cause
	 */
	Map<CloseCause, Long> getClosedByCause();

	/**
	 * Return the number of handshakes rejected for a reason.
	 * @param reason the reason
	 * @return the count
	 */
	long getRejected(RejectionReason reason);

	/**
	 * Return the handshakes rejected per reason, omitting reasons never seen.
	 * @return the counts by reason
	 */
	Map<RejectionReason, Long> getRejectedByReason();

	/**
	 * Return the number of sessions the cleanup sweep removed because the container
	 * closed them without a callback.
	 * @return the orphan count
	 */
	long getOrphansRemoved();

	/**
	 * Return the number of data messages received, by type.
	 * @param text {@code true} for text messages, {@code false} for binary
	 * @return the count
	 */
	long getMessagesReceived(boolean text);

	/**
	 * Return the number of data messages written to peers, by type.
	 * @param text {@code true} for text messages, {@code false} for binary
	 * @return the count
	 */
	long getMessagesSent(boolean text);

	/**
	 * Return the number of messages dropped because a session's queue was full.
	 * @return the dropped message count
	 */
	long getMessagesDropped();

	/**
	 * Return the bytes queued for peers across all sessions and not yet written.
	 * @return the queued byte count
	 */
	long getQueuedBytes();

	/**
	 * Return the number of heartbeat pings sent.
	 * @return the ping count
	 */
	long getPingsSent();

}
