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

package dev.lifeline.server.engine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.SessionStatistics;
import org.jspecify.annotations.Nullable;

/**
 * Counters of the managed endpoint since start: sessions opened and closed (by cause),
 * handshakes rejected (by reason), messages received, written and dropped, and the bytes
 * waiting in the sessions' outbound queues. Updated without locks.
 *
 * @author Lifeline contributors
 */
final class SessionCounters implements SessionStatistics {

	private final LongAdder opened = new LongAdder();

	private final Map<CloseCause, LongAdder> closed = new EnumMap<>(CloseCause.class);

	private final Map<RejectionReason, LongAdder> rejected = new EnumMap<>(RejectionReason.class);

	private final LongAdder orphans = new LongAdder();

	private final LongAdder textReceived = new LongAdder();

	private final LongAdder binaryReceived = new LongAdder();

	private final LongAdder textSent = new LongAdder();

	private final LongAdder binarySent = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder queuedBytes = new LongAdder();

	private final LongAdder sessionsWriting = new LongAdder();

	private final @Nullable SessionCounters total;

	private final LongAdder pings = new LongAdder();

	SessionCounters() {
		this(null);
	}

	/**
	 * Create statistics whose every count is also added to a total.
	 * @param total the statistics to add to, or {@code null}
	 */
	SessionCounters(@Nullable SessionCounters total) {
		this.total = total;
		for (CloseCause cause : CloseCause.values()) {
			this.closed.put(cause, new LongAdder());
		}
		for (RejectionReason reason : RejectionReason.values()) {
			this.rejected.put(reason, new LongAdder());
		}
	}

	void opened() {
		this.opened.increment();
		if (this.total != null) {
			this.total.opened();
		}
	}

	void closed(CloseCause cause) {
		this.closed.get(cause).increment();
		if (this.total != null) {
			this.total.closed(cause);
		}
	}

	void rejected(RejectionReason reason) {
		this.rejected.get(reason).increment();
		if (this.total != null) {
			this.total.rejected(reason);
		}
	}

	void orphanRemoved() {
		this.orphans.increment();
		if (this.total != null) {
			this.total.orphanRemoved();
		}
	}

	void received(boolean text) {
		(text ? this.textReceived : this.binaryReceived).increment();
		if (this.total != null) {
			this.total.received(text);
		}
	}

	void sent(boolean text) {
		(text ? this.textSent : this.binarySent).increment();
		if (this.total != null) {
			this.total.sent(text);
		}
	}

	void dropped(int messages) {
		this.dropped.add(messages);
		if (this.total != null) {
			this.total.dropped(messages);
		}
	}

	void queued(long bytes) {
		this.queuedBytes.add(bytes);
		if (this.total != null) {
			this.total.queued(bytes);
		}
	}

	/**
	 * A session's outbox started or stopped holding a message to write. Counted once, in
	 * the registry-wide total, which is the only one read: this runs twice per message.
	 * @param writing whether it holds one now
	 */
	void writing(boolean writing) {
		if (this.total != null) {
			this.total.writing(writing);
		}
		else {
			this.sessionsWriting.add(writing ? 1 : -1);
		}
	}

	/**
	 * Return how many sessions have a message queued or being written, counted in the
	 * registry-wide total only (zero in an endpoint's statistics): the cleanup sweep
	 * looks for stuck writes only when there is one. Exact once the counts settle; while
	 * other sessions start and finish writes, a sum may miss a start and see its finish
	 * (the counter is striped, not locked), and a sweep may then skip a stuck session,
	 * which the next one finds. A stuck session is also cut off by the next message
	 * offered to it.
	 * @return the session count
	 */
	long getSessionsWriting() {
		return this.sessionsWriting.sum();
	}

	void pingSent() {
		this.pings.increment();
		if (this.total != null) {
			this.total.pingSent();
		}
	}

	/**
	 * Return the number of sessions opened since start.
	 * @return the opened total
	 */
	@Override
	public long getOpenedTotal() {
		return this.opened.sum();
	}

	/**
	 * Return the number of sessions closed since start.
	 * @return the closed total
	 */
	@Override
	public long getClosedTotal() {
		return this.closed.values().stream().mapToLong(LongAdder::sum).sum();
	}

	/**
	 * Return the number of sessions closed for a cause.
	 * @param cause the cause
	 * @return the count
	 */
	@Override
	public long getClosed(CloseCause cause) {
		return this.closed.get(cause).sum();
	}

	/**
	 * Return the closes counted per cause, omitting causes never seen.
	 * @return the counts by cause
	 */
	@Override
	public Map<CloseCause, Long> getClosedByCause() {
		return nonZero(this.closed, new EnumMap<>(CloseCause.class));
	}

	/**
	 * Return the number of handshakes rejected for a reason.
	 * @param reason the reason
	 * @return the count
	 */
	@Override
	public long getRejected(RejectionReason reason) {
		return this.rejected.get(reason).sum();
	}

	/**
	 * Return the handshakes rejected per reason, omitting reasons never seen.
	 * @return the counts by reason
	 */
	@Override
	public Map<RejectionReason, Long> getRejectedByReason() {
		return nonZero(this.rejected, new EnumMap<>(RejectionReason.class));
	}

	private static <K extends Enum<K>> Map<K, Long> nonZero(Map<K, LongAdder> counts, EnumMap<K, Long> result) {
		counts.forEach((key, count) -> {
			long sum = count.sum();
			if (sum > 0) {
				result.put(key, sum);
			}
		});
		return Collections.unmodifiableMap(result);
	}

	/**
	 * Return the number of sessions the cleanup sweep removed because the container
	 * closed them without a callback.
	 * @return the orphan count
	 */
	@Override
	public long getOrphansRemoved() {
		return this.orphans.sum();
	}

	/**
	 * Return the number of data messages received, by type.
	 * @param text {@code true} for text messages, {@code false} for binary
	 * @return the count
	 */
	@Override
	public long getMessagesReceived(boolean text) {
		return (text ? this.textReceived : this.binaryReceived).sum();
	}

	/**
	 * Return the number of data messages written to peers, by type.
	 * @param text {@code true} for text messages, {@code false} for binary
	 * @return the count
	 */
	@Override
	public long getMessagesSent(boolean text) {
		return (text ? this.textSent : this.binarySent).sum();
	}

	/**
	 * Return the number of messages dropped because a session's queue was full.
	 * @return the dropped message count
	 */
	@Override
	public long getMessagesDropped() {
		return this.dropped.sum();
	}

	/**
	 * Return the bytes queued for peers across all sessions and not yet written.
	 * @return the queued byte count
	 */
	@Override
	public long getQueuedBytes() {
		return this.queuedBytes.sum();
	}

	/**
	 * Return the number of heartbeat pings sent.
	 * @return the ping count
	 */
	@Override
	public long getPingsSent() {
		return this.pings.sum();
	}

}
