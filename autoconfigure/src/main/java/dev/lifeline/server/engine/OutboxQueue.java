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

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The messages of one {@link SessionOutbox} that wait or are being written, and their
 * bytes, with the bounds by bytes and by age. Not thread-safe: the outbox guards it with
 * its own monitor.
 * <p>
 * Whatever leaves the queue without being written is marked settled here, under the
 * outbox's monitor, so that a late completion of its write changes nothing.
 *
 * @author Lifeline contributors
 */
final class OutboxQueue {

	private final long bufferSizeLimit;

	private final long sendTimeLimitNanos;

	private final ArrayDeque<OutboxEntry> waiting = new ArrayDeque<>(2);

	private long bytes;

	private @Nullable OutboxEntry inFlight;

	OutboxQueue(long bufferSizeLimit, long sendTimeLimitNanos) {
		this.bufferSizeLimit = bufferSizeLimit;
		this.sendTimeLimitNanos = sendTimeLimitNanos;
	}

	/**
	 * Queue a message behind the others and check the bounds: first the age of the oldest
	 * message not yet written, then the bytes waiting behind it.
	 * @param entry the message
	 * @param now the current {@link System#nanoTime()}
	 * @return {@link OutboxOffer#TOO_OLD} if the oldest unwritten message waited longer
	 * than the send time limit, {@link OutboxOffer#OVER_LIMIT} if the bytes passed their
	 * limit (see {@link #overLimit()}), {@link OutboxOffer#QUEUED} otherwise
	 */
	OutboxOffer admit(OutboxEntry entry, long now) {
		OutboxEntry oldest = oldest();
		add(entry);
		if (oldest != null && now - oldest.enqueuedAt > this.sendTimeLimitNanos) {
			return OutboxOffer.TOO_OLD;
		}
		return overLimit() ? OutboxOffer.OVER_LIMIT : OutboxOffer.QUEUED;
	}

	/**
	 * Queue a message behind the others.
	 * @param entry the message
	 */
	void add(OutboxEntry entry) {
		this.waiting.add(entry);
		this.bytes += entry.size;
	}

	/**
	 * Hold a message as being written, without queueing it.
	 * @param entry the message
	 */
	void startDirect(OutboxEntry entry) {
		this.bytes += entry.size;
		this.inFlight = entry;
	}

	/**
	 * Take the next waiting message, if any, as the one being written.
	 * @return the message, or {@code null} when none waits
	 */
	@Nullable OutboxEntry startNext() {
		OutboxEntry next = this.waiting.poll();
		if (next != null) {
			this.inFlight = next;
		}
		return next;
	}

	/**
	 * Settle a message whose write completed: it no longer counts.
	 * @param entry the message
	 */
	void complete(OutboxEntry entry) {
		entry.settled = true;
		if (this.inFlight == entry) {
			this.inFlight = null;
		}
		this.bytes -= entry.size;
	}

	/**
	 * Whether a message is being written.
	 */
	boolean isWriting() {
		return this.inFlight != null;
	}

	boolean isWriting(OutboxEntry entry) {
		return this.inFlight == entry;
	}

	/**
	 * Whether a message waits behind the one being written, if any.
	 */
	boolean hasWaiting() {
		return !this.waiting.isEmpty();
	}

	/**
	 * Whether nothing waits and nothing is being written.
	 */
	boolean isEmpty() {
		return this.inFlight == null && this.waiting.isEmpty();
	}

	long bytes() {
		return this.bytes;
	}

	/**
	 * Return the oldest message not yet completely written.
	 * @return the message, or {@code null} when nothing waits
	 */
	@Nullable OutboxEntry oldest() {
		return (this.inFlight != null) ? this.inFlight : this.waiting.peek();
	}

	/**
	 * Whether the bytes waiting behind the oldest unwritten message pass the limit: a
	 * message larger than the limit is written when its turn comes, but nothing may pile
	 * up behind it beyond the limit.
	 */
	boolean overLimit() {
		OutboxEntry oldest = oldest();
		return oldest != null && this.bytes - oldest.size > this.bufferSizeLimit;
	}

	/**
	 * Drop the oldest waiting messages until the queue is within its limit.
	 * @return the dropped messages, settled
	 */
	List<OutboxEntry> dropOldest() {
		List<OutboxEntry> dropped = new ArrayList<>();
		while (overLimit() && !this.waiting.isEmpty()) {
			OutboxEntry entry = this.waiting.poll();
			entry.settled = true;
			this.bytes -= entry.size;
			dropped.add(entry);
		}
		return dropped;
	}

	/**
	 * Release the waiting messages, leaving the one being written, if any.
	 * @return the released messages, settled
	 */
	List<OutboxEntry> releaseWaiting() {
		List<OutboxEntry> released = new ArrayList<>(this.waiting);
		this.waiting.clear();
		for (OutboxEntry entry : released) {
			entry.settled = true;
			this.bytes -= entry.size;
		}
		return released;
	}

	/**
	 * Release every message, the one being written included, without keeping them.
	 * @return the bytes released
	 */
	long releaseAll() {
		long released = 0;
		if (this.inFlight != null) {
			this.inFlight.settled = true;
			released += this.inFlight.size;
			this.inFlight = null;
		}
		for (OutboxEntry entry : this.waiting) {
			entry.settled = true;
			released += entry.size;
		}
		this.waiting.clear();
		this.bytes -= released;
		return released;
	}

	/**
	 * Remove every message, the one being written first, and count no bytes any more.
	 * @return the removed messages, settled
	 */
	List<OutboxEntry> removeAll() {
		List<OutboxEntry> removed = new ArrayList<>(this.waiting.size() + 1);
		if (this.inFlight != null) {
			removed.add(this.inFlight);
			this.inFlight = null;
		}
		removed.addAll(this.waiting);
		this.waiting.clear();
		this.bytes = 0;
		for (OutboxEntry entry : removed) {
			entry.settled = true;
		}
		return removed;
	}

}
