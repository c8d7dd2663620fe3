package dev.lifeline.server;

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

import dev.lifeline.server.adapter.Connection;
import dev.lifeline.server.adapter.EncodedText;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * The session that the application, the heartbeat and broadcasts all write through,
 * together with the live statistics Lifeline keeps for it.
 * <p>
 * A Lifeline session is not its container connection. It has an id Lifeline makes, the
 * principal and attributes of its handshake, its endpoint, groups, queue and statistics,
 * and reaches the peer through its current {@link Connection}. The application's handler
 * receives this same object in every callback and sees a plain {@link WebSocketSession};
 * nothing here hands out the container's session, so every write goes through the
 * session's queue. The attributes are those the application and its handshake
 * interceptors put there; Lifeline keeps its own state elsewhere.
 * <p>
 * Sending never waits for the peer: {@link #sendMessage} queues the message in the
 * session's own bounded queue and returns, and the message is written with the
 * container's non-blocking writes as the socket drains, in the order it was queued. A
 * peer that does not drain is cut off as a {@link CloseCause#SLOW_CONSUMER slow consumer}
 * when its queue passes {@code lifeline.send-buffer-size-limit} or its oldest unwritten
 * message passes {@code lifeline.send-time-limit}; with the {@code drop} overflow
 * strategy the oldest queued messages are dropped and counted instead. {@link #sendAsync}
 * tells the caller when the message is on the wire.
 * <p>
 * Statistics are kept without locks: inbound counters have a single writer (the container
 * delivers one message at a time), outbound counters use atomic field updaters.
 *
 * @author Lifeline contributors
 */
public class LifelineSession implements WebSocketSession {

	private static final AtomicLongFieldUpdater<LifelineSession> MESSAGES_OUT = AtomicLongFieldUpdater
		.newUpdater(LifelineSession.class, "messagesOut");

	private static final AtomicLongFieldUpdater<LifelineSession> BYTES_OUT = AtomicLongFieldUpdater
		.newUpdater(LifelineSession.class, "bytesOut");

	private static final AtomicLongFieldUpdater<LifelineSession> MESSAGES_DROPPED = AtomicLongFieldUpdater
		.newUpdater(LifelineSession.class, "messagesDropped");

	private final String id;

	private final Map<String, Object> attributes;

	private final @Nullable Principal principal;

	private final Control control;

	private final ManagedEndpoint endpoint;

	private final SessionOutbox outbox;

	private final long openedAtNanos;

	private final @Nullable String remoteAddress;

	private final @Nullable String principalName;

	private final @Nullable String path;

	private volatile Connection connection;

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
	LifelineSession(String id, Connection connection, Map<String, Object> attributes, ManagedEndpoint endpoint,
			Control control) {
		WebSocketSession first = connection.containerSession();
		this.id = id;
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
		return this.connection.containerSession().getUri();
	}

	@Override
	public HttpHeaders getHandshakeHeaders() {
		return this.connection.containerSession().getHandshakeHeaders();
	}

	/**
	 * Return the attributes of the session: those the application's handshake
	 * interceptors set, and whatever the application puts here later.
	 */
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
		return this.connection.containerSession().getLocalAddress();
	}

	@Override
	public @Nullable InetSocketAddress getRemoteAddress() {
		return this.connection.containerSession().getRemoteAddress();
	}

	@Override
	public @Nullable String getAcceptedProtocol() {
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
	 * Whether the session's current connection is open.
	 */
	@Override
	public boolean isOpen() {
		return this.connection.isOpen();
	}

	/**
	 * Return the connection the session currently reaches its peer through.
	 */
	Connection connection() {
		return this.connection;
	}

	/**
	 * Queue a message for the peer and return at once; it is written as the socket
	 * drains.
	 * @throws SessionClosedException if the session is closing or closed
	 * @throws SessionLimitExceededException if the session's queue passed its limits, in
	 * which case the session was closed as a slow consumer
	 */
	@Override
	public void sendMessage(WebSocketMessage<?> message) throws IOException {
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

	/**
	 * Queue a message for the peer and return at once.
	 * @param message the message
	 * @return a future that completes when the message is on the wire, or exceptionally
	 * when the session closed or was cut off first ({@link SessionClosedException}), or
	 * when the message was dropped ({@link SessionLimitExceededException})
	 */
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

	/**
	 * Close the session once the messages queued before the close are written, and return
	 * at once. The close is counted under the cause its status implies, unless Lifeline
	 * already decided to close the session for another cause.
	 */
	@Override
	public void close(CloseStatus status) {
		this.control.close(this, status, CloseCause.of(status));
	}

	@Override
	public void close() {
		close(CloseStatus.NORMAL);
	}

	/**
	 * Join a group, so that {@link WebSocketSessions#sendToGroup} reaches this session.
	 * The membership ends when the session closes.
	 * @param group the group name, not empty
	 * @return {@code true} if the session is newly a member, {@code false} if it already
	 * was or is not open
	 * @throws GroupLimitExceededException if the session is already a member of
	 * {@code lifeline.max-groups-per-session} groups
	 */
	public boolean join(String group) {
		return this.control.join(this, group);
	}

	/**
	 * Leave a group.
	 * @param group the group name, not empty
	 * @return {@code true} if the session was a member
	 */
	public boolean leave(String group) {
		return this.control.leave(this, group);
	}

	/**
	 * Return the groups this session is a member of.
	 * @return an unmodifiable snapshot of the groups, in the order the session joined
	 * them
	 */
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

	/**
	 * Return the remote address of the peer as the container saw it.
	 * @return the remote IP address, or {@code null}
	 */
	public @Nullable String getRemoteAddressText() {
		return this.remoteAddress;
	}

	/**
	 * Return the name of the authenticated principal.
	 * @return the principal name, or {@code null}
	 */
	public @Nullable String getPrincipalName() {
		return this.principalName;
	}

	/**
	 * Return the request path of the upgrade, without the query string.
	 * @return the path, or {@code null}
	 */
	public @Nullable String getPath() {
		return this.path;
	}

	/**
	 * Return the name of the managed endpoint the session opened on, the bean name of its
	 * handler.
	 * @return the endpoint name
	 */
	public String getEndpoint() {
		return this.endpoint.getName();
	}

	ManagedEndpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * Return when the session opened.
	 * @return the opening time
	 */
	public Instant getOpenedAt() {
		return Clocks.toInstant(this.openedAtNanos);
	}

	/**
	 * Return when the peer last sent a frame (data, pong or close).
	 * @return the last inbound time
	 */
	public Instant getLastInboundAt() {
		return Clocks.toInstant(this.lastInboundNanos);
	}

	/**
	 * Return when the last pong arrived.
	 * @return the last pong time, or {@code null} if none arrived yet
	 */
	public @Nullable Instant getLastPongAt() {
		long nanos = this.lastPongNanos;
		return (nanos != 0) ? Clocks.toInstant(nanos) : null;
	}

	/**
	 * Return the round-trip time of the last answered ping.
	 * @return the round-trip time in nanoseconds, or {@code -1} if none was measured
	 */
	public long getRttNanos() {
		return this.rttNanos;
	}

	/**
	 * Return the smoothed round-trip time (RFC 6298 weighting).
	 * @return the smoothed round-trip time in nanoseconds, or {@code -1} if none was
	 * measured
	 */
	public long getSmoothedRttNanos() {
		return this.smoothedRttNanos;
	}

	/**
	 * Return the number of data messages received.
	 * @return the inbound message count
	 */
	public long getMessagesIn() {
		return this.messagesIn;
	}

	/**
	 * Return the number of payload bytes received.
	 * @return the inbound byte count
	 */
	public long getBytesIn() {
		return this.bytesIn;
	}

	/**
	 * Return the number of data messages written to the peer.
	 * @return the outbound message count
	 */
	public long getMessagesOut() {
		return this.messagesOut;
	}

	/**
	 * Return the number of payload bytes written to the peer.
	 * @return the outbound byte count
	 */
	public long getBytesOut() {
		return this.bytesOut;
	}

	/**
	 * Return the number of messages dropped because the session's queue was full (the
	 * {@code drop} overflow strategy).
	 * @return the dropped message count
	 */
	public long getMessagesDropped() {
		return this.messagesDropped;
	}

	/**
	 * Return the bytes queued for the peer and not yet written, including the message
	 * being written.
	 * @return the queued byte count
	 */
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
		void close(LifelineSession session, CloseStatus status, CloseCause cause);

		/**
		 * Cut the session off as a slow consumer.
		 * @param session the session
		 * @param reason why
		 */
		void cutOff(LifelineSession session, String reason);

		/**
		 * A write failed: the connection is unusable.
		 * @param session the session
		 * @param failure why
		 */
		void writeFailed(LifelineSession session, Throwable failure);

		/**
		 * Add the session to a group.
		 * @param session the session
		 * @param group the group
		 * @return whether it is newly a member
		 */
		boolean join(LifelineSession session, String group);

		/**
		 * Remove the session from a group.
		 * @param session the session
		 * @param group the group
		 * @return whether it was a member
		 */
		boolean leave(LifelineSession session, String group);

		/**
		 * Return the groups of the session.
		 * @param session the session
		 * @return a snapshot of its groups
		 */
		Set<String> groups(LifelineSession session);

	}

	private final class OutboxOwner implements SessionOutbox.Owner {

		@Override
		public void queued(long bytes) {
			LifelineSession.this.endpoint.getStatistics().queued(bytes);
		}

		@Override
		public void writing(boolean writing) {
			LifelineSession.this.endpoint.getStatistics().writing(writing);
		}

		@Override
		public void written(WebSocketMessage<?> message, long size) {
			boolean text = EncodedText.isText(message);
			if (text || message instanceof BinaryMessage) {
				MESSAGES_OUT.incrementAndGet(LifelineSession.this);
				BYTES_OUT.addAndGet(LifelineSession.this, size);
				LifelineSession.this.endpoint.getStatistics().sent(text);
			}
		}

		@Override
		public void dropped(int messages) {
			MESSAGES_DROPPED.addAndGet(LifelineSession.this, messages);
			LifelineSession.this.endpoint.getStatistics().dropped(messages);
		}

		@Override
		public void failed(Throwable failure) {
			LifelineSession.this.control.writeFailed(LifelineSession.this, failure);
		}

	}

}
