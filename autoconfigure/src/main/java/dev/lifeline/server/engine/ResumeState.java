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

import dev.lifeline.server.ResumeStatus;
import dev.lifeline.server.SessionClosedException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * What a resumable session keeps beyond a plain one: its application sub-protocol, the
 * messages it retains until acknowledged, how many of its peer's messages it processed,
 * the hash of its current token, and whether a connection is attached. Guarded by its own
 * monitor, but for the inbound counters, which only the thread holding {@link #inbound()}
 * touches.
 *
 * @author Lifeline contributors
 */
final class ResumeState {

	private final @Nullable String protocol;

	private final long bufferSize;

	private final RetainedMessages retained = new RetainedMessages();

	private final Object inbound = new Object();

	private boolean attached;

	private volatile boolean detached;

	private volatile @Nullable Handshake handshake;

	private volatile boolean ended;

	private long detachedAtNanos;

	/**
	 * The bytes of this session counted in the bound of all detached sessions.
	 */
	private long countedDetached;

	private byte @Nullable [] tokenHash;

	private @Nullable ScheduledFuture<?> expiry;

	/**
	 * Messages processed from the peer, over the session's life.
	 */
	long processed;

	/**
	 * Processed since the last acknowledgement sent on this connection.
	 */
	int unackedMessages;

	long unackedBytes;

	volatile boolean ackScheduled;

	/**
	 * The tag of the text message being received in parts, or {@code 0} between messages.
	 */
	char tag;

	@Nullable StringBuilder control;

	ResumeState(@Nullable String protocol, long bufferSize) {
		this.protocol = protocol;
		this.bufferSize = bufferSize;
	}

	@Nullable String protocol() {
		return this.protocol;
	}

	/**
	 * Keep what the current connection's handshake said, so that a detached session,
	 * whose last connection is closed, still answers.
	 */
	void handshake(WebSocketSession session, @Nullable InetSocketAddress remoteAddress) {
		this.handshake = new Handshake(session.getUri(), session.getHandshakeHeaders(), session.getLocalAddress(),
				remoteAddress);
	}

	Handshake handshake() {
		Handshake handshake = this.handshake;
		Assert.state(handshake != null, "No handshake");
		return handshake;
	}

	/**
	 * The lock held while a message from the peer is processed: taking it after the
	 * connection was replaced waits for a message of the old connection being handed to
	 * the application, so that the count a resume reports includes it.
	 */
	Object inbound() {
		return this.inbound;
	}

	boolean isDetached() {
		return this.detached;
	}

	boolean isEnded() {
		return this.ended;
	}

	/**
	 * Retain an application message and, while attached, queue its frame.
	 * @return the outcome: {@code null} when retained beyond the buffer size
	 */
	synchronized @Nullable OutboxOffer offer(String sessionId, SessionOutbox outbox, WebSocketMessage<?> message,
			long size, @Nullable CompletableFuture<Void> future, SessionOwner resumption) {
		if (this.ended) {
			if (future != null) {
				future.completeExceptionally(new SessionClosedException(sessionId));
			}
			return OutboxOffer.CLOSED;
		}
		this.retained.add(message, size, future);
		if (this.retained.bytes() > this.bufferSize) {
			return null;
		}
		if (!this.attached) {
			this.countedDetached += size;
			resumption.detachedBytes(size);
			return OutboxOffer.QUEUED;
		}
		OutboxOffer offer = outbox.offer(ResumeFrames.wire(message), size, null);
		if (offer == OutboxOffer.CLOSED && !outbox.isClosing()) {
			// The connection failed a write and is being let go: the message is retained
			// for the next one.
			return OutboxOffer.QUEUED;
		}
		return offer;
	}

	/**
	 * Apply the peer's cumulative acknowledgement.
	 * @throws IllegalArgumentException for a number never sent
	 */
	synchronized void acknowledge(long n) {
		this.retained.acknowledge(n);
	}

	/**
	 * Write control frames, then every retained message numbered above {@code received},
	 * and from then on every new one, to the outbox's connection.
	 * @return how many retained messages were written again
	 */
	synchronized int attach(SessionOutbox outbox, long received, IntFunction<List<WebSocketMessage<?>>> controls,
			Resumption resumption) {
		this.retained.acknowledge(received);
		List<RetainedMessages.Retained> replay = this.retained.after(received);
		for (WebSocketMessage<?> control : controls.apply(replay.size())) {
			outbox.offer(control, control.getPayloadLength(), null);
		}
		for (RetainedMessages.Retained retained : replay) {
			outbox.offer(ResumeFrames.wire(retained.message()), retained.size(), null);
		}
		this.attached = true;
		this.detached = false;
		resumption.detachedBytes(-this.countedDetached);
		this.countedDetached = 0;
		cancelExpiry();
		return replay.size();
	}

	/**
	 * Queue a control frame on the attached connection; dropped while detached, so that
	 * nothing stale precedes the next connection's {@code resumed}.
	 */
	synchronized void control(SessionOutbox outbox, WebSocketMessage<?> frame) {
		if (this.attached) {
			outbox.offer(frame, frame.getPayloadLength(), null);
		}
	}

	/**
	 * Mark the session detached.
	 * @return {@code false} if it already was, or ended
	 */
	synchronized boolean detach(SessionOutbox outbox, long now, Resumption resumption) {
		if (!this.attached || this.ended) {
			return false;
		}
		this.attached = false;
		this.detached = true;
		this.detachedAtNanos = now;
		outbox.detach();
		this.countedDetached = this.retained.bytes();
		resumption.detachedBytes(this.countedDetached);
		return true;
	}

	/**
	 * Mark the session ended, releasing what it retains.
	 */
	synchronized void end(String sessionId, Resumption resumption) {
		if (this.ended) {
			return;
		}
		this.ended = true;
		this.tokenHash = null;
		cancelExpiry();
		resumption.detachedBytes(-this.countedDetached);
		this.countedDetached = 0;
		this.retained.release(() -> new SessionClosedException(sessionId));
	}

	/**
	 * Keep the hash of a new token, replacing the one before.
	 */
	synchronized void token(ResumeToken token) {
		this.tokenHash = token.hash();
	}

	/**
	 * Consume the token if it is the current one: of two resumes racing with one token,
	 * one wins.
	 * @return whether it was the current token
	 */
	synchronized boolean consumeToken(@Nullable String presented) {
		if (this.ended || !ResumeToken.matches(this.tokenHash, presented)) {
			return false;
		}
		this.tokenHash = null;
		return true;
	}

	synchronized void expiry(ScheduledFuture<?> expiry) {
		cancelExpiry();
		this.expiry = expiry;
	}

	private void cancelExpiry() {
		if (this.expiry != null) {
			this.expiry.cancel(false);
			this.expiry = null;
		}
	}

	synchronized ResumeStatus status() {
		return new ResumeStatus(this.detached, this.retained.lastNumber(), this.retained.acknowledged(), this.processed,
				this.retained.size(), this.retained.bytes());
	}

	synchronized long detachedAtNanos() {
		return this.detachedAtNanos;
	}

	synchronized long sent() {
		return this.retained.lastNumber();
	}

	/**
	 * What a connection's handshake said.
	 *
	 * @param uri the URI
	 * @param headers the headers
	 * @param localAddress the local address
	 * @param remoteAddress the remote address
	 */
	record Handshake(@Nullable URI uri, HttpHeaders headers, @Nullable InetSocketAddress localAddress,
			@Nullable InetSocketAddress remoteAddress) {
	}

}
