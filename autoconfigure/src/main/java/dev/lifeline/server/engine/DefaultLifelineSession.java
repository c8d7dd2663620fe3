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

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.SessionClosedException;
import dev.lifeline.server.SessionSettings;
import dev.lifeline.server.adapter.Connection;
import dev.lifeline.server.adapter.EncodedText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * The engine's {@link LifelineSession}: its identity, attributes, queue, statistics and
 * current {@link Connection}. Statistics are kept without locks: inbound counters have a
 * single writer (the container delivers one message at a time), outbound counters use
 * atomic field updaters.
 *
 * @author Lifeline contributors
 */
final class DefaultLifelineSession implements LifelineSession {

	private static final AtomicLongFieldUpdater<DefaultLifelineSession> MESSAGES_OUT = AtomicLongFieldUpdater
		.newUpdater(DefaultLifelineSession.class, "messagesOut");

	private static final AtomicLongFieldUpdater<DefaultLifelineSession> BYTES_OUT = AtomicLongFieldUpdater
		.newUpdater(DefaultLifelineSession.class, "bytesOut");

	private static final AtomicLongFieldUpdater<DefaultLifelineSession> MESSAGES_DROPPED = AtomicLongFieldUpdater
		.newUpdater(DefaultLifelineSession.class, "messagesDropped");

	private final String id;

	private final Map<String, Object> attributes;

	private final @Nullable Principal principal;

	private final Control control;

	private final Endpoint endpoint;

	private final SessionOutbox outbox;

	private final @Nullable ResumeState resume;

	private final long openedAtNanos;

	private final @Nullable String remoteAddress;

	private final @Nullable String principalName;

	private final @Nullable String path;

	private volatile Connection connection;

	/**
	 * What the current connection's handshake said, kept here so that a detached session,
	 * whose last connection is closed, still answers.
	 */
	private volatile @Nullable Handshake handshake;

	private volatile long lastInboundNanos;

	private volatile long messagesIn;

	private volatile long bytesIn;

	private volatile long messagesOut;

	private volatile long bytesOut;

	private volatile long messagesDropped;

	private volatile long lastPongNanos;

	private volatile long rttNanos = -1;

	private volatile long smoothedRttNanos = -1;

	/**
	 * Create a new session over its first connection.
	 * @param id the session's id
	 * @param connection the connection it opened on
	 * @param attributes the attributes of its handshake, without Lifeline's own
	 * @param endpoint the endpoint the session opened on
	 * @param control what the session reports to
	 */
	DefaultLifelineSession(String id, Connection connection, Map<String, Object> attributes, Endpoint endpoint,
			Control control) {
		this(id, connection, attributes, endpoint, control, null);
	}

	/**
	 * Create a new session over its first connection.
	 * @param id the session's id
	 * @param connection the connection it opened on
	 * @param attributes the attributes of its handshake, without Lifeline's own
	 * @param endpoint the endpoint the session opened on
	 * @param control what the session reports to
	 * @param resume its resume state, or {@code null} for a session that ends with its
	 * connection
	 */
	DefaultLifelineSession(String id, Connection connection, Map<String, Object> attributes, Endpoint endpoint,
			Control control, @Nullable ResumeState resume) {
		WebSocketSession first = connection.containerSession();
		this.id = id;
		this.resume = resume;
		this.handshake = (resume != null) ? new Handshake(first) : null;
		this.connection = connection;
		this.attributes = attributes;
		this.control = control;
		this.endpoint = endpoint;
		SessionSettings settings = endpoint.getSettings();
		this.outbox = new SessionOutbox(connection, this.id, settings.sendBufferSizeLimit().toBytes(),
				settings.sendTimeLimit().toNanos(), settings.overflowStrategy(), new OutboxOwner());
		this.openedAtNanos = System.nanoTime();
		this.lastInboundNanos = this.openedAtNanos;
		this.remoteAddress = addressOf(first.getRemoteAddress());
		this.principal = first.getPrincipal();
		this.principalName = (this.principal != null) ? this.principal.getName() : null;
		URI uri = first.getUri();
		this.path = (uri != null) ? uri.getRawPath() : null;
	}

	private static @Nullable String addressOf(@Nullable InetSocketAddress address) {
		if (address == null) {
			return null;
		}
		return (address.getAddress() != null) ? address.getAddress().getHostAddress() : address.getHostString();
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public @Nullable URI getUri() {
		Handshake handshake = this.handshake;
		return (handshake != null) ? handshake.uri() : this.connection.containerSession().getUri();
	}

	@Override
	public HttpHeaders getHandshakeHeaders() {
		Handshake handshake = this.handshake;
		return (handshake != null) ? handshake.headers() : this.connection.containerSession().getHandshakeHeaders();
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	@Override
	public @Nullable Principal getPrincipal() {
		return this.principal;
	}

	@Override
	public @Nullable InetSocketAddress getLocalAddress() {
		Handshake handshake = this.handshake;
		return (handshake != null) ? handshake.localAddress() : this.connection.containerSession().getLocalAddress();
	}

	@Override
	public @Nullable InetSocketAddress getRemoteAddress() {
		Handshake handshake = this.handshake;
		return (handshake != null) ? handshake.remoteAddress() : this.connection.containerSession().getRemoteAddress();
	}

	@Override
	public @Nullable String getAcceptedProtocol() {
		if (this.resume != null) {
			return this.resume.protocol();
		}
		return this.connection.containerSession().getAcceptedProtocol();
	}

	@Override
	public void setTextMessageSizeLimit(int messageSizeLimit) {
		this.connection.containerSession().setTextMessageSizeLimit(messageSizeLimit);
	}

	@Override
	public int getTextMessageSizeLimit() {
		return this.connection.containerSession().getTextMessageSizeLimit();
	}

	@Override
	public void setBinaryMessageSizeLimit(int messageSizeLimit) {
		this.connection.containerSession().setBinaryMessageSizeLimit(messageSizeLimit);
	}

	@Override
	public int getBinaryMessageSizeLimit() {
		return this.connection.containerSession().getBinaryMessageSizeLimit();
	}

	@Override
	public List<WebSocketExtension> getExtensions() {
		return this.connection.containerSession().getExtensions();
	}

	/**
	 * Whether the session is open: a detached resumable session is, until it ends.
	 */
	@Override
	public boolean isOpen() {
		ResumeState resume = this.resume;
		if (resume != null && resume.isDetached()) {
			return !resume.isEnded();
		}
		return this.connection.isOpen();
	}

	/**
	 * Return the connection the session currently reaches its peer through, or last did
	 * while detached.
	 */
	Connection connection() {
		return this.connection;
	}

	/**
	 * Reach the peer through another connection from now on.
	 * @param connection the new connection
	 */
	void replaceConnection(Connection connection) {
		this.handshake = new Handshake(connection.containerSession());
		this.connection = connection;
	}

	/**
	 * Return the resume state of a resumable session.
	 * @return the state, or {@code null} for a session that ends with its connection
	 */
	@Nullable ResumeState resume() {
		return this.resume;
	}

	/**
	 * Whether the session is resumable and without a connection.
	 */
	boolean isDetached() {
		ResumeState resume = this.resume;
		return resume != null && resume.isDetached();
	}

	@Override
	public void sendMessage(WebSocketMessage<?> message) throws SessionClosedException {
		switch (offer(message, null)) {
			case CLOSED -> throw new SessionClosedException(getId());
			case OVER_LIMIT,
					TOO_OLD ->
				throw new SessionLimitExceededException(
						"WebSocket session " + getId() + " was cut off as a slow consumer",
						CloseStatus.SESSION_NOT_RELIABLE);
			default -> {
			}
		}
	}

	@Override
	public CompletableFuture<Void> sendAsync(WebSocketMessage<?> message) {
		CompletableFuture<Void> future = new CompletableFuture<>();
		offer(message, future);
		return future;
	}

	/**
	 * Queue a message, cutting the session off when its queue passes its limits.
	 */
	SessionOutbox.Offer offer(WebSocketMessage<?> message, @Nullable CompletableFuture<Void> future) {
		WebSocketMessage<?> encoded = EncodedText.of(message);
		if (this.resume != null) {
			SessionOutbox.Offer offer = this.resume.offer(this.outbox, encoded, encoded.getPayloadLength(), future,
					this.control);
			if (offer == null) {
				this.control.overflow(this);
				return SessionOutbox.Offer.QUEUED;
			}
			if (offer == SessionOutbox.Offer.OVER_LIMIT || offer == SessionOutbox.Offer.TOO_OLD) {
				this.control.cutOff(this, slowConsumerReason());
			}
			return offer;
		}
		SessionOutbox.Offer offer = this.outbox.offer(encoded, encoded.getPayloadLength(), future);
		if (offer == SessionOutbox.Offer.OVER_LIMIT || offer == SessionOutbox.Offer.TOO_OLD) {
			this.control.cutOff(this, slowConsumerReason());
		}
		return offer;
	}

	String slowConsumerReason() {
		long oldest = this.outbox.oldestUnwrittenNanos();
		long ageMillis = (oldest != 0) ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - oldest) : 0;
		return "Slow consumer: " + this.outbox.queuedBytes() + " bytes queued, oldest for " + ageMillis + " ms";
	}

	@Override
	public void close(CloseStatus status) {
		this.control.close(this, status, CloseCause.of(status));
	}

	@Override
	public void close() {
		close(CloseStatus.NORMAL);
	}

	@Override
	public boolean join(String group) {
		return this.control.join(this, group);
	}

	@Override
	public boolean leave(String group) {
		return this.control.leave(this, group);
	}

	@Override
	public Set<String> getGroups() {
		return this.control.groups(this);
	}

	SessionOutbox outbox() {
		return this.outbox;
	}

	static String truncate(@Nullable String reason) {
		if (reason == null) {
			return "";
		}
		// A close reason must fit a control frame: 125 bytes minus the 2-byte code.
		return (reason.length() <= 120) ? reason : reason.substring(0, 120);
	}

	void recordInbound(long nanos, long bytes, boolean countAsMessage) {
		this.lastInboundNanos = nanos;
		if (countAsMessage) {
			this.messagesIn++;
		}
		this.bytesIn += bytes;
	}

	void recordInboundActivity(long nanos) {
		this.lastInboundNanos = nanos;
	}

	void recordPong(long nanos, long rtt) {
		this.lastPongNanos = nanos;
		if (rtt >= 0) {
			this.rttNanos = rtt;
			long smoothed = this.smoothedRttNanos;
			// RFC 6298 smoothing: SRTT = 7/8 SRTT + 1/8 R
			this.smoothedRttNanos = (smoothed < 0) ? rtt : smoothed - (smoothed >> 3) + (rtt >> 3);
		}
	}

	@Override
	public @Nullable String getRemoteAddressText() {
		return this.remoteAddress;
	}

	@Override
	public @Nullable String getPrincipalName() {
		return this.principalName;
	}

	@Override
	public @Nullable String getPath() {
		return this.path;
	}

	@Override
	public String getEndpoint() {
		return this.endpoint.getName();
	}

	Endpoint endpoint() {
		return this.endpoint;
	}

	@Override
	public Instant getOpenedAt() {
		return Clocks.toInstant(this.openedAtNanos);
	}

	@Override
	public Instant getLastInboundAt() {
		return Clocks.toInstant(this.lastInboundNanos);
	}

	@Override
	public @Nullable Instant getLastPongAt() {
		long nanos = this.lastPongNanos;
		return (nanos != 0) ? Clocks.toInstant(nanos) : null;
	}

	@Override
	public long getRttNanos() {
		return this.rttNanos;
	}

	@Override
	public long getSmoothedRttNanos() {
		return this.smoothedRttNanos;
	}

	@Override
	public long getMessagesIn() {
		return this.messagesIn;
	}

	@Override
	public long getBytesIn() {
		return this.bytesIn;
	}

	@Override
	public long getMessagesOut() {
		return this.messagesOut;
	}

	@Override
	public long getBytesOut() {
		return this.bytesOut;
	}

	@Override
	public long getMessagesDropped() {
		return this.messagesDropped;
	}

	@Override
	public long getQueuedBytes() {
		return this.outbox.queuedBytes();
	}

	long getOpenedAtNanos() {
		return this.openedAtNanos;
	}

	long getLastInboundNanos() {
		return this.lastInboundNanos;
	}

	@Override
	public String toString() {
		return "LifelineSession[id=" + getId() + ", remoteAddress=" + this.remoteAddress + "]";
	}

	/**
	 * What a session asks of the registry that owns it.
	 */
	interface Control {

		/**
		 * Close the session politely, once its queued messages are written.
		 * @param session the session
		 * @param status the status
		 * @param cause the cause to count, unless another was recorded first
		 */
		void close(DefaultLifelineSession session, CloseStatus status, CloseCause cause);

		/**
		 * Cut the session off as a slow consumer.
		 * @param session the session
		 * @param reason why
		 */
		void cutOff(DefaultLifelineSession session, String reason);

		/**
		 * A write failed: the connection is unusable.
		 * @param session the session
		 * @param failure why
		 */
		void writeFailed(DefaultLifelineSession session, Throwable failure);

		/**
		 * A resumable session retains more than its buffer allows.
		 * @param session the session
		 */
		void overflow(DefaultLifelineSession session);

		/**
		 * Count bytes that a detached session retains (positive) or no longer retains
		 * (negative) in the bound of all detached sessions.
		 * @param bytes the change
		 */
		void detachedBytes(long bytes);

		/**
		 * Add the session to a group.
		 * @param session the session
		 * @param group the group
		 * @return whether it is newly a member
		 */
		boolean join(DefaultLifelineSession session, String group);

		/**
		 * Remove the session from a group.
		 * @param session the session
		 * @param group the group
		 * @return whether it was a member
		 */
		boolean leave(DefaultLifelineSession session, String group);

		/**
		 * Return the groups of the session.
		 * @param session the session
		 * @return a snapshot of its groups
		 */
		Set<String> groups(DefaultLifelineSession session);

	}

	/**
	 * What a resumable session's current connection said in its handshake.
	 */
	private record Handshake(@Nullable URI uri, HttpHeaders headers, @Nullable InetSocketAddress localAddress,
			@Nullable InetSocketAddress remoteAddress) {

		Handshake(WebSocketSession session) {
			this(session.getUri(), session.getHandshakeHeaders(), session.getLocalAddress(),
					session.getRemoteAddress());
		}

	}

	private final class OutboxOwner implements SessionOutbox.Owner {

		@Override
		public void queued(long bytes) {
			DefaultLifelineSession.this.endpoint.getStatistics().queued(bytes);
		}

		@Override
		public void writing(boolean writing) {
			DefaultLifelineSession.this.endpoint.getStatistics().writing(writing);
		}

		@Override
		public void written(WebSocketMessage<?> message, long size) {
			boolean text = EncodedText.isText(message);
			if (text || message instanceof BinaryMessage) {
				MESSAGES_OUT.incrementAndGet(DefaultLifelineSession.this);
				BYTES_OUT.addAndGet(DefaultLifelineSession.this, size);
				DefaultLifelineSession.this.endpoint.getStatistics().sent(text);
			}
		}

		@Override
		public void dropped(int messages) {
			MESSAGES_DROPPED.addAndGet(DefaultLifelineSession.this, messages);
			DefaultLifelineSession.this.endpoint.getStatistics().dropped(messages);
		}

		@Override
		public void failed(Throwable failure) {
			DefaultLifelineSession.this.control.writeFailed(DefaultLifelineSession.this, failure);
		}

	}

}
