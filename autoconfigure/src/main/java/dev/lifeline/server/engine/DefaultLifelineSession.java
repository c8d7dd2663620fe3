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
import dev.lifeline.server.ResumeStatus;
import dev.lifeline.server.SessionClosedException;
import dev.lifeline.server.SessionSettings;
import dev.lifeline.server.adapter.Connection;
import dev.lifeline.server.adapter.EncodedText;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * The engine's {@link LifelineSession}: its identity, attributes, queue, statistics and
 * current {@link Connection}.
 *
 * @author Lifeline contributors
 */
final class DefaultLifelineSession implements LifelineSession {

	private final String id;

	private final Map<String, Object> attributes;

	private volatile @Nullable Principal principal;

	private final SessionOwner control;

	private final Endpoint endpoint;

	private final SessionOutbox outbox;

	private final @Nullable ResumeState resume;

	private final long openedAtNanos;

	private final @Nullable InetSocketAddress remoteSocketAddress;

	private final @Nullable String principalName;

	private final @Nullable String path;

	private volatile Connection connection;

	private final SessionTraffic traffic;

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
			SessionOwner control, @Nullable ResumeState resume) {
		WebSocketSession first = connection.containerSession();
		this.id = id;
		this.resume = resume;
		this.remoteSocketAddress = ClientAddress.take(first);
		if (resume != null) {
			resume.handshake(first, this.remoteSocketAddress);
		}
		this.connection = connection;
		this.attributes = attributes;
		this.control = control;
		this.endpoint = endpoint;
		SessionSettings settings = endpoint.getSettings();
		this.outbox = new SessionOutbox(connection, this.id, settings.sendBufferSizeLimit().toBytes(),
				settings.sendTimeLimit().toNanos(), settings.overflowStrategy(), new SessionOutboxOwner(this, control));
		this.openedAtNanos = System.nanoTime();
		this.traffic = new SessionTraffic(this.openedAtNanos);
		this.principal = first.getPrincipal();
		this.principalName = (this.principal != null) ? this.principal.getName() : null;
		URI uri = first.getUri();
		this.path = (uri != null) ? uri.getRawPath() : null;
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public @Nullable URI getUri() {
		return (this.resume != null) ? this.resume.handshake().uri() : this.connection.containerSession().getUri();
	}

	@Override
	public HttpHeaders getHandshakeHeaders() {
		return (this.resume != null) ? this.resume.handshake().headers()
				: this.connection.containerSession().getHandshakeHeaders();
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
		return (this.resume != null) ? this.resume.handshake().localAddress()
				: this.connection.containerSession().getLocalAddress();
	}

	@Override
	public @Nullable InetSocketAddress getRemoteAddress() {
		return (this.resume != null) ? this.resume.handshake().remoteAddress() : this.remoteSocketAddress;
	}

	@Override
	public @Nullable String getAcceptedProtocol() {
		return (this.resume != null) ? this.resume.protocol()
				: this.connection.containerSession().getAcceptedProtocol();
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

	@Override
	public boolean isOpen() {
		return isDetached() ? !this.resume.isEnded() : this.connection.isOpen();
	}

	/**
	 * Whether the container has let go of the session's connection, or a detached session
	 * ended: what the cleanup sweep looks for in sessions that no callback reported
	 * closed. Unlike {@link #isOpen()}, a connection whose close handshake is under way
	 * still counts as held, and the containers answer without taking a lock.
	 * @return {@code true} if nothing holds the session open any more
	 */
	boolean isReleased() {
		return isDetached() ? this.resume.isEnded() : this.connection.isClosed();
	}

	/**
	 * Whether the session is resumable and without a connection: it is open until it
	 * ends, whatever its last connection says.
	 */
	boolean isDetached() {
		return this.resume != null && this.resume.isDetached();
	}

	@Override
	public @Nullable ResumeStatus getResumeStatus() {
		return (this.resume != null) ? this.resume.status() : null;
	}

	/**
	 * Return the resume state of a resumable session, or {@code null}.
	 */
	@Nullable ResumeState resume() {
		return this.resume;
	}

	/**
	 * Reach the peer through another connection from now on.
	 */
	void replaceConnection(Connection connection) {
		if (this.resume != null) {
			this.resume.handshake(connection.containerSession(), ClientAddress.take(connection.containerSession()));
		}
		Principal principal = connection.containerSession().getPrincipal();
		if (principal != null) {
			// The same principal (the resume checked its name) with its new credentials.
			this.principal = principal;
		}
		this.connection = connection;
	}

	/**
	 * Return the connection the session currently reaches its peer through.
	 */
	Connection connection() {
		return this.connection;
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
	OutboxOffer offer(WebSocketMessage<?> message, @Nullable CompletableFuture<Void> future) {
		WebSocketMessage<?> encoded = EncodedText.of(message);
		OutboxOffer offer = (this.resume != null)
				? this.resume.offer(this.id, this.outbox, encoded, encoded.getPayloadLength(), future, this.control)
				: this.outbox.offer(encoded, encoded.getPayloadLength(), future);
		if (offer == null) {
			// Retained beyond the resume buffer.
			this.control.overflow(this);
			return OutboxOffer.QUEUED;
		}
		if (isDetached()) {
			this.control.retainedWhileDetached(this);
		}
		if (offer == OutboxOffer.OVER_LIMIT || offer == OutboxOffer.TOO_OLD) {
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

	@Override
	public @Nullable String getRemoteAddressText() {
		return ClientAddress.text(getRemoteAddress());
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

	/**
	 * Return what the session has received and sent.
	 */
	SessionTraffic traffic() {
		return this.traffic;
	}

	@Override
	public Instant getOpenedAt() {
		return Clocks.toInstant(this.openedAtNanos);
	}

	@Override
	public Instant getLastInboundAt() {
		return Clocks.toInstant(this.traffic.lastInboundNanos());
	}

	@Override
	public @Nullable Instant getLastPongAt() {
		long nanos = this.traffic.lastPongNanos();
		return (nanos != 0) ? Clocks.toInstant(nanos) : null;
	}

	@Override
	public long getRttNanos() {
		return this.traffic.rttNanos();
	}

	@Override
	public long getSmoothedRttNanos() {
		return this.traffic.smoothedRttNanos();
	}

	@Override
	public long getMessagesIn() {
		return this.traffic.messagesIn();
	}

	@Override
	public long getBytesIn() {
		return this.traffic.bytesIn();
	}

	@Override
	public long getMessagesOut() {
		return this.traffic.messagesOut();
	}

	@Override
	public long getBytesOut() {
		return this.traffic.bytesOut();
	}

	@Override
	public long getMessagesDropped() {
		return this.traffic.messagesDropped();
	}

	@Override
	public long getQueuedBytes() {
		return this.outbox.queuedBytes();
	}

	long getOpenedAtNanos() {
		return this.openedAtNanos;
	}

	@Override
	public String toString() {
		return "LifelineSession[id=" + getId() + ", remoteAddress=" + getRemoteAddressText() + "]";
	}

}
