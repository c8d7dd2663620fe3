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
import dev.lifeline.server.adapter.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketMessage;

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

	private final OutboxTarget target;

	private final String sessionId;

	private final boolean dropOldest;

	private final OutboxOwner owner;

	private final OutboxQueue queue;

	private final OutboxSettlement settlement;

	private @Nullable CloseStatus pendingClose;

	private boolean closed;

	private final PingRoom pingRoom = new PingRoom();

	/**
	 * Whether a message is queued or being written, for readers that must not take the
	 * monitor; written, under it, after every change of {@code queue}.
	 */
	private volatile boolean busy;

	SessionOutbox(Connection connection, String sessionId, long bufferSizeLimit, long sendTimeLimitNanos,
			OverflowStrategy overflowStrategy, OutboxOwner owner) {
		this.target = new OutboxTarget(connection);
		this.sessionId = sessionId;
		this.dropOldest = overflowStrategy == OverflowStrategy.DROP;
		this.owner = owner;
		this.queue = new OutboxQueue(bufferSizeLimit, sendTimeLimitNanos);
		this.settlement = new OutboxSettlement(sessionId, bufferSizeLimit, owner);
	}

	/**
	 * Queue a message and start writing it if nothing else is being written.
	 * @param message the message
	 * @param size its size in bytes
	 * @param future completed when the message is written, or {@code null}
	 * @return what became of the message
	 */
	OutboxOffer offer(WebSocketMessage<?> message, long size, @Nullable CompletableFuture<Void> future) {
		long now = System.nanoTime();
		OutboxEntry entry = new OutboxEntry(message, size, now, future);
		OutboxOffer offer;
		List<OutboxEntry> dropped = null;
		boolean pump = false;
		synchronized (this) {
			if (this.closed || this.pendingClose != null) {
				offer = OutboxOffer.CLOSED;
			}
			else {
				offer = this.queue.admit(entry, now);
				if (offer == OutboxOffer.OVER_LIMIT && this.dropOldest) {
					dropped = this.queue.dropOldest();
					offer = dropped.contains(entry) ? OutboxOffer.DROPPED : OutboxOffer.QUEUED;
				}
				pump = offer.isQueued() && !this.queue.isWriting() && this.target.claim();
				updateBusy();
			}
		}
		if (offer == OutboxOffer.CLOSED) {
			this.settlement.refused(entry);
			return offer;
		}
		this.owner.queued(size);
		if (dropped != null && !dropped.isEmpty()) {
			this.settlement.dropped(dropped);
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
		Connection connection;
		long generation;
		synchronized (this) {
			connection = this.target.connection();
			generation = this.target.generation();
			if (connection == null || this.closed || this.pendingClose != null || this.target.isPumping()
					|| !this.queue.isEmpty()) {
				return false;
			}
			direct = this.pingRoom.pingStarted();
			if (direct) {
				// In flight without a pump: what is offered meanwhile waits, and the
				// completion starts it. Not counted as writing, so the cleanup sweep
				// does not walk every session for pings that complete at once; a ping
				// that does not is the heartbeat's to time out.
				this.queue.startDirect(entry);
			}
			else {
				this.queue.add(entry);
				// Free and attached, as checked above: the claim succeeds.
				this.target.claim();
				updateBusy();
			}
		}
		this.owner.queued(entry.size);
		if (direct) {
			connection.writeControlFrameNow(ping, (failure) -> completed(entry, failure));
		}
		else {
			pump(generation);
		}
		return true;
	}

	/**
	 * Whether the connection written to wants empty pings.
	 * @return {@code true} if pings to the current connection should be empty
	 * @see Connection#prefersEmptyPings()
	 */
	synchronized boolean prefersEmptyPings() {
		Connection connection = this.target.connection();
		return connection != null && connection.prefersEmptyPings();
	}

	/**
	 * Note that the peer answered the last ping: it has read everything written before
	 * it.
	 */
	synchronized void pingAnswered() {
		this.pingRoom.pingAnswered();
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
		synchronized (this) {
			if (this.closed || (this.pendingClose != null && !discardQueued)) {
				return;
			}
			this.pendingClose = status;
			if (discardQueued && this.queue.hasWaiting()) {
				discarded = this.queue.releaseWaiting();
				updateBusy();
			}
			pump = !this.queue.isWriting() && this.target.claim();
		}
		this.settlement.discarded(discarded);
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
			bytes = this.queue.bytes();
			released = this.queue.removeAll();
			updateBusy();
		}
		this.settlement.aborted(released, bytes, cause);
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
		long bytes;
		synchronized (this) {
			this.target.replace(null);
			if (this.pendingClose == null) {
				// A failed write closed the outbox for the connection that failed, not
				// for
				// the session.
				this.closed = false;
			}
			bytes = this.queue.releaseAll();
			this.pingRoom.connectionChanged();
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
			this.target.replace(connection);
			pump = !this.queue.isWriting() && this.queue.hasWaiting() && this.target.claim();
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
		return this.target.connection() != null;
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
			OutboxEntry oldest = this.queue.oldest();
			return (oldest != null) ? oldest.enqueuedAt : 0;
		}
	}

	/**
	 * Return the bytes queued or being written.
	 * @return the byte count
	 */
	synchronized long queuedBytes() {
		return this.queue.bytes();
	}

	private void updateBusy() {
		boolean busy = !this.queue.isEmpty();
		if (busy != this.busy) {
			this.busy = busy;
			this.owner.writing(busy);
		}
	}

	/**
	 * Write queued messages until one does not complete at once. Runs on one thread at a
	 * time, the one that claimed the {@link OutboxTarget}'s turn; a write that completes
	 * later continues on the thread that reports it.
	 */
	private void pump() {
		long generation;
		synchronized (this) {
			generation = this.target.generation();
		}
		pump(generation);
	}

	private void pump(long generation) {
		while (true) {
			OutboxEntry next;
			CloseStatus close = null;
			Connection connection;
			synchronized (this) {
				if (this.target.isReplacedSince(generation)) {
					// Detached or re-pointed meanwhile: whoever did it owns the pump now.
					return;
				}
				connection = this.target.connection();
				if (this.closed || connection == null) {
					this.target.release();
					return;
				}
				next = this.queue.startNext();
				if (next == null) {
					this.target.release();
					updateBusy();
					if (this.pendingClose == null) {
						return;
					}
					close = this.pendingClose;
					this.closed = true;
				}
				else {
					if (!(next.message instanceof PingMessage)) {
						this.pingRoom.dataStarted();
					}
					updateBusy();
				}
			}
			if (close != null) {
				connection.close(close);
				return;
			}
			OutboxEntry written = next;
			connection.write(next.message, (failure) -> completed(written, failure));
			synchronized (this) {
				if (this.target.isReplacedSince(generation)) {
					return;
				}
				if (this.queue.isWriting(next)) {
					// Completes later: the completion continues.
					this.target.release();
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
			this.queue.complete(entry);
			if (failure != null) {
				this.closed = true;
				released = this.queue.releaseWaiting();
			}
			else if (!this.closed && this.target.claim()) {
				resume = true;
			}
			updateBusy();
		}
		if (failure == null) {
			this.settlement.written(entry);
		}
		else {
			this.settlement.failed(entry, released, failure);
		}
		if (resume) {
			pump();
		}
	}

}
