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

import dev.lifeline.server.OverflowStrategy;
import dev.lifeline.server.SessionClosedException;
import dev.lifeline.server.adapter.Connection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * The outbound queue of one session: messages wait here for the socket, and are written
 * one at a time, in the order they were offered, with the container's non-blocking
 * writes. Whoever offers a message returns at once; the thread that finds the queue idle
 * starts the write, and each completed write starts the next one on the thread that
 * reported it.
 * <p>
 * The queue is bounded: by bytes ({@code send-buffer-size-limit}, counting what waits
 * behind the oldest unwritten message, so a single message larger than the limit is still
 * written) and by age ({@code send-time-limit}, the age of the oldest message not yet
 * written). An offer over the byte bound either reports the overflow, for the owner to
 * cut the session off, or drops the oldest waiting messages, which are counted. A close
 * waits for the messages queued before it; an abort drops them.
 *
 * @author Lifeline contributors
 */
final class SessionOutbox {

	/**
	 * The connection written to, or {@code null} while the session is detached. Replaced
	 * under the outbox's monitor, together with {@code generation}.
	 */
	private @Nullable Connection connection;

	/**
	 * Incremented each time the connection is replaced or detached, so that a pump that
	 * started on an earlier connection stops instead of writing to the next one.
	 */
	private long generation;

	private final String sessionId;

	private final long bufferSizeLimit;

	private final long sendTimeLimitNanos;

	private final boolean dropOldest;

	private final Owner owner;

	private final ArrayDeque<OutboxEntry> queue = new ArrayDeque<>(2);

	private long queuedBytes;

	private @Nullable OutboxEntry inFlight;

	private boolean pumping;

	private @Nullable CloseStatus pendingClose;

	private boolean closed;

	/**
	 * How many messages other than pings were started, and its value when the last ping
	 * was started and when the last answered ping was started.
	 */
	private long dataWrites;

	private long pingMark = -1;

	private long answeredMark = -2;

	/**
	 * Whether a message is queued or being written, for readers that must not take the
	 * monitor; written, under it, after every change of {@code queue} or
	 * {@code inFlight}.
	 */
	private volatile boolean busy;

	SessionOutbox(Connection connection, String sessionId, long bufferSizeLimit, long sendTimeLimitNanos,
			OverflowStrategy overflowStrategy, Owner owner) {
		this.connection = connection;
		this.sessionId = sessionId;
		this.bufferSizeLimit = bufferSizeLimit;
		this.sendTimeLimitNanos = sendTimeLimitNanos;
		this.dropOldest = overflowStrategy == OverflowStrategy.DROP;
		this.owner = owner;
	}

	/**
	 * Queue a message and start writing it if nothing else is being written.
	 * @param message the message
	 * @param size its size in bytes
	 * @param future completed when the message is written, or {@code null}
	 * @return what became of the message
	 */
	Offer offer(WebSocketMessage<?> message, long size, @Nullable CompletableFuture<Void> future) {
		long now = System.nanoTime();
		OutboxEntry entry = new OutboxEntry(message, size, now, future);
		Offer offer;
		List<OutboxEntry> dropped = null;
		boolean pump = false;
		synchronized (this) {
			if (this.closed || this.pendingClose != null) {
				offer = Offer.CLOSED;
			}
			else {
				OutboxEntry oldest = oldest();
				this.queue.add(entry);
				this.queuedBytes += size;
				if (oldest != null && now - oldest.enqueuedAt > this.sendTimeLimitNanos) {
					offer = Offer.TOO_OLD;
				}
				else if (!overLimit()) {
					offer = Offer.QUEUED;
				}
				else if (!this.dropOldest) {
					offer = Offer.OVER_LIMIT;
				}
				else {
					dropped = dropOldest();
					offer = dropped.contains(entry) ? Offer.DROPPED : Offer.QUEUED;
				}
				if (offer.isQueued() && this.inFlight == null && !this.pumping && this.connection != null) {
					this.pumping = true;
					pump = true;
				}
				updateBusy();
			}
		}
		if (offer == Offer.CLOSED) {
			if (entry.future != null) {
				entry.future.completeExceptionally(new SessionClosedException(this.sessionId));
			}
			return offer;
		}
		this.owner.queued(size);
		if (dropped != null && !dropped.isEmpty()) {
			dropped(dropped);
		}
		if (pump) {
			pump();
		}
		return offer;
	}

	/**
	 * Write a ping if, and only if, nothing is queued or being written: a ping behind
	 * unwritten data would measure the queue, not the peer, and the pending write proves
	 * nothing about the peer either.
	 * <p>
	 * When the peer answered the previous ping and no data was written since, everything
	 * written before that ping has been read, so the socket has room for a ping: it is
	 * then written at once on the calling thread, which saves the container's hand-off of
	 * an asynchronous write's completion to another thread.
	 * @param ping the ping
	 * @return {@code true} if the ping is being written
	 */
	boolean pingIfIdle(PingMessage ping) {
		OutboxEntry entry = new OutboxEntry(ping, ping.getPayloadLength(), System.nanoTime(), null);
		boolean direct;
		Connection target;
		long generation;
		synchronized (this) {
			target = this.connection;
			generation = this.generation;
			if (target == null || this.closed || this.pendingClose != null || this.pumping || this.inFlight != null
					|| !this.queue.isEmpty()) {
				return false;
			}
			direct = this.answeredMark == this.dataWrites;
			this.pingMark = this.dataWrites;
			this.queuedBytes += entry.size;
			if (direct) {
				// In flight without a pump: what is offered meanwhile waits, and the
				// completion starts it.
				this.inFlight = entry;
			}
			else {
				this.queue.add(entry);
				this.pumping = true;
			}
			updateBusy();
		}
		this.owner.queued(entry.size);
		if (direct) {
			target.writeControlFrameNow(ping, (failure) -> completed(entry, failure));
		}
		else {
			pump(generation);
		}
		return true;
	}

	/**
	 * Note that the peer answered the last ping: it has read everything written before
	 * it.
	 */
	synchronized void pingAnswered() {
		this.answeredMark = this.pingMark;
	}

	/**
	 * Close the session once the messages queued before the close are written. Later
	 * offers are refused.
	 * @param status the status to close with
	 */
	void close(CloseStatus status) {
		close(status, false);
	}

	/**
	 * Close the session as soon as the message being written, if any, is done, and
	 * release the messages still queued, failing their futures. Later offers are refused.
	 * @param status the status to close with
	 */
	void closeNow(CloseStatus status) {
		close(status, true);
	}

	private void close(CloseStatus status, boolean discardQueued) {
		boolean pump = false;
		List<OutboxEntry> discarded = List.of();
		long bytes = 0;
		synchronized (this) {
			if (this.closed || (this.pendingClose != null && !discardQueued)) {
				return;
			}
			this.pendingClose = status;
			if (discardQueued && !this.queue.isEmpty()) {
				discarded = new ArrayList<>(this.queue);
				this.queue.clear();
				for (OutboxEntry entry : discarded) {
					entry.settled = true;
					bytes += entry.size;
				}
				this.queuedBytes -= bytes;
				updateBusy();
			}
			if (this.inFlight == null && !this.pumping && this.connection != null) {
				this.pumping = true;
				pump = true;
			}
		}
		if (bytes != 0) {
			this.owner.queued(-bytes);
		}
		OutboxEntry.failAll(discarded, () -> new SessionClosedException(this.sessionId));
		if (pump) {
			pump();
		}
	}

	/**
	 * Refuse further offers and release every queued message, failing their futures. The
	 * caller then drops the connection.
	 * @param cause supplies the exception to fail waiting futures with
	 */
	void abort(Supplier<? extends Exception> cause) {
		List<OutboxEntry> released;
		long bytes;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			released = new ArrayList<>(this.queue.size() + 1);
			if (this.inFlight != null) {
				released.add(this.inFlight);
				this.inFlight = null;
			}
			released.addAll(this.queue);
			this.queue.clear();
			bytes = this.queuedBytes;
			this.queuedBytes = 0;
			updateBusy();
		}
		if (bytes != 0) {
			this.owner.queued(-bytes);
		}
		for (OutboxEntry entry : released) {
			entry.settled = true;
		}
		OutboxEntry.failAll(released, cause);
	}

	/**
	 * Let go of the current connection, which dropped: what is queued or being written
	 * for it is released without failing its futures (a resumable session retains its
	 * messages elsewhere and writes them again on its next connection), and a late
	 * completion of the write in flight no longer touches the outbox. Offers are still
	 * accepted and wait for {@link #attach}.
	 * @return the bytes released
	 */
	long detach() {
		long bytes = 0;
		synchronized (this) {
			this.connection = null;
			this.generation++;
			this.pumping = false;
			if (this.pendingClose == null) {
				// A failed write closed the outbox for the connection that failed, not
				// for
				// the session.
				this.closed = false;
			}
			if (this.inFlight != null) {
				this.inFlight.settled = true;
				bytes += this.inFlight.size;
				this.inFlight = null;
			}
			for (OutboxEntry entry : this.queue) {
				entry.settled = true;
				bytes += entry.size;
			}
			this.queue.clear();
			this.queuedBytes -= bytes;
			this.answeredMark = -2;
			updateBusy();
		}
		if (bytes != 0) {
			this.owner.queued(-bytes);
		}
		return bytes;
	}

	/**
	 * Write to a new connection from now on, starting with what was offered while the
	 * outbox had none.
	 * @param connection the new connection
	 */
	void attach(Connection connection) {
		boolean pump = false;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.connection = connection;
			this.generation++;
			this.pumping = false;
			if (this.inFlight == null && !this.queue.isEmpty()) {
				this.pumping = true;
				pump = true;
			}
		}
		if (pump) {
			pump();
		}
	}

	/**
	 * Whether a close was asked for: later offers are refused for good.
	 */
	synchronized boolean isClosing() {
		return this.pendingClose != null;
	}

	/**
	 * Whether the outbox has a connection to write to.
	 */
	synchronized boolean isAttached() {
		return this.connection != null;
	}

	/**
	 * Return when the oldest message not yet completely written was queued.
	 * @return its {@link System#nanoTime()}, or {@code 0} when nothing waits
	 */
	long oldestUnwrittenNanos() {
		if (!this.busy) {
			// Nothing waits; a message queued meanwhile is not old.
			return 0;
		}
		synchronized (this) {
			OutboxEntry oldest = oldest();
			return (oldest != null) ? oldest.enqueuedAt : 0;
		}
	}

	/**
	 * Return the bytes queued or being written.
	 * @return the byte count
	 */
	synchronized long queuedBytes() {
		return this.queuedBytes;
	}

	private void updateBusy() {
		boolean busy = this.inFlight != null || !this.queue.isEmpty();
		if (busy != this.busy) {
			this.busy = busy;
			this.owner.writing(busy);
		}
	}

	private @Nullable OutboxEntry oldest() {
		return (this.inFlight != null) ? this.inFlight : this.queue.peek();
	}

	/**
	 * Whether the bytes waiting behind the oldest unwritten message pass the limit: a
	 * message larger than the limit is written when its turn comes, but nothing may pile
	 * up behind it beyond the limit.
	 */
	private boolean overLimit() {
		OutboxEntry oldest = oldest();
		return oldest != null && this.queuedBytes - oldest.size > this.bufferSizeLimit;
	}

	private List<OutboxEntry> dropOldest() {
		List<OutboxEntry> dropped = new ArrayList<>();
		while (overLimit() && !this.queue.isEmpty()) {
			OutboxEntry entry = this.queue.poll();
			entry.settled = true;
			this.queuedBytes -= entry.size;
			dropped.add(entry);
		}
		return dropped;
	}

	private void dropped(List<OutboxEntry> dropped) {
		long bytes = 0;
		for (OutboxEntry entry : dropped) {
			bytes += entry.size;
			OutboxEntry.fail(entry,
					new SessionLimitExceededException("Message dropped: more than " + this.bufferSizeLimit
							+ " bytes queued for session " + this.sessionId, CloseStatus.SESSION_NOT_RELIABLE));
		}
		this.owner.queued(-bytes);
		this.owner.dropped(dropped.size());
	}

	/**
	 * Write queued messages until one does not complete at once. Runs on one thread at a
	 * time, the one that set {@code pumping}; a write that completes later continues on
	 * the thread that reports it.
	 */
	private void pump() {
		long generation;
		synchronized (this) {
			generation = this.generation;
		}
		pump(generation);
	}

	private void pump(long generation) {
		while (true) {
			OutboxEntry next;
			CloseStatus close = null;
			Connection target;
			synchronized (this) {
				if (this.generation != generation) {
					// Detached or re-pointed meanwhile: whoever did it owns the pump now.
					return;
				}
				target = this.connection;
				if (this.closed || target == null) {
					this.pumping = false;
					return;
				}
				next = this.queue.poll();
				if (next == null) {
					this.pumping = false;
					updateBusy();
					if (this.pendingClose == null) {
						return;
					}
					close = this.pendingClose;
					this.closed = true;
				}
				else {
					this.inFlight = next;
					if (!(next.message instanceof PingMessage)) {
						this.dataWrites++;
					}
					updateBusy();
				}
			}
			if (close != null) {
				target.close(close);
				return;
			}
			OutboxEntry written = next;
			target.write(next.message, (failure) -> completed(written, failure));
			synchronized (this) {
				if (this.generation != generation) {
					return;
				}
				if (this.inFlight == next) {
					// Completes later: the completion continues.
					this.pumping = false;
					return;
				}
			}
		}
	}

	private void completed(OutboxEntry entry, @Nullable Throwable failure) {
		boolean resume = false;
		List<OutboxEntry> released = null;
		synchronized (this) {
			if (entry.settled) {
				return;
			}
			entry.settled = true;
			if (this.inFlight == entry) {
				this.inFlight = null;
			}
			this.queuedBytes -= entry.size;
			if (failure != null) {
				this.closed = true;
				released = new ArrayList<>(this.queue);
				this.queue.clear();
				for (OutboxEntry queued : released) {
					queued.settled = true;
					this.queuedBytes -= queued.size;
				}
			}
			else if (!this.pumping && !this.closed && this.connection != null) {
				this.pumping = true;
				resume = true;
			}
			updateBusy();
		}
		if (failure == null) {
			this.owner.queued(-entry.size);
			this.owner.written(entry.message, entry.size);
			if (entry.future != null) {
				entry.future.complete(null);
			}
		}
		else {
			long bytes = entry.size;
			OutboxEntry.fail(entry, failure);
			for (OutboxEntry queued : released) {
				bytes += queued.size;
			}
			OutboxEntry.failAll(released, () -> failure);
			this.owner.queued(-bytes);
			this.owner.failed(failure);
		}
		if (resume) {
			pump();
		}
	}

	/**
	 * What became of an offered message.
	 */
	enum Offer {

		/**
		 * Queued, or already written.
		 */
		QUEUED,

		/**
		 * Dropped to keep the queue within its byte bound.
		 */
		DROPPED,

		/**
		 * Queued, but the queue passed its byte bound: the session must be cut off.
		 */
		OVER_LIMIT,

		/**
		 * Queued, but the oldest unwritten message passed the send time limit: the
		 * session must be cut off.
		 */
		TOO_OLD,

		/**
		 * Refused: the session is closing or closed.
		 */
		CLOSED;

		boolean isQueued() {
			return this == QUEUED;
		}

	}

	/**
	 * Receives what happens to the outbox's messages. Called outside the outbox's lock.
	 */
	interface Owner {

		/**
		 * Bytes entered (positive) or left (negative) the queue.
		 * @param bytes the change
		 */
		void queued(long bytes);

		/**
		 * The outbox started or stopped holding a message to write. Called under the
		 * outbox's monitor, alternately with {@code true} and {@code false}.
		 * @param writing whether it holds one now
		 */
		void writing(boolean writing);

		/**
		 * A message is on the wire.
		 * @param message the message
		 * @param size its size in bytes
		 */
		void written(WebSocketMessage<?> message, long size);

		/**
		 * Messages were dropped to keep the queue within its bound.
		 * @param messages how many
		 */
		void dropped(int messages);

		/**
		 * A write failed: the connection is unusable.
		 * @param failure why
		 */
		void failed(Throwable failure);

	}

}
