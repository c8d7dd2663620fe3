package dev.lifeline.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * The send-serialized session that the application, the heartbeat and broadcasts all
 * write through, together with the live statistics Lifeline keeps for it.
 * <p>
 * Every callback of the application's handler receives this same object for a given
 * connection, so two threads can never write frames of one session at once. Statistics
 * are kept in volatile fields and updated without locks: inbound counters have a single
 * writer (the container delivers one message at a time), outbound counters use atomic
 * field updaters.
 *
 * @author Lifeline contributors
 */
public class LifelineSession extends ConcurrentWebSocketSessionDecorator {

	private static final AtomicLongFieldUpdater<LifelineSession> MESSAGES_OUT = AtomicLongFieldUpdater
		.newUpdater(LifelineSession.class, "messagesOut");

	private static final AtomicLongFieldUpdater<LifelineSession> BYTES_OUT = AtomicLongFieldUpdater
		.newUpdater(LifelineSession.class, "bytesOut");

	private static final AtomicIntegerFieldUpdater<LifelineSession> FINISHED = AtomicIntegerFieldUpdater
		.newUpdater(LifelineSession.class, "finished");

	private final WebSocketSessions registry;

	private final long openedAtNanos;

	private final @Nullable String remoteAddress;

	private final @Nullable String principalName;

	private final @Nullable String path;

	private volatile long lastInboundNanos;

	private volatile long messagesIn;

	private volatile long bytesIn;

	private volatile long messagesOut;

	private volatile long bytesOut;

	private volatile long lastPingNanos;

	private volatile long lastPongNanos;

	private volatile long rttNanos = -1;

	private volatile long smoothedRttNanos = -1;

	private volatile @Nullable CloseIntent closeIntent;

	private volatile int finished;

	@Nullable MessageAssembler assembler;

	volatile long nextPingNanos;

	volatile long unansweredPingNanos;

	volatile boolean closedSeen;

	/**
	 * Create a new session decorator.
	 * @param delegate the container's session
	 * @param sendTimeLimit the send time limit in milliseconds
	 * @param bufferSizeLimit the send buffer size limit in bytes
	 * @param overflowStrategy the overflow strategy
	 * @param registry the registry that owns the session
	 */
	LifelineSession(WebSocketSession delegate, int sendTimeLimit, int bufferSizeLimit,
			dev.lifeline.server.OverflowStrategy overflowStrategy, WebSocketSessions registry) {
		super(new MeasuredTextUnwrapper(delegate), sendTimeLimit, bufferSizeLimit,
				overflowStrategy.toDecoratorStrategy());
		this.registry = registry;
		this.openedAtNanos = System.nanoTime();
		this.lastInboundNanos = this.openedAtNanos;
		this.remoteAddress = addressOf(delegate.getRemoteAddress());
		Principal principal = delegate.getPrincipal();
		this.principalName = (principal != null) ? principal.getName() : null;
		URI uri = delegate.getUri();
		this.path = (uri != null) ? uri.getRawPath() : null;
	}

	private static @Nullable String addressOf(@Nullable InetSocketAddress address) {
		if (address == null) {
			return null;
		}
		return (address.getAddress() != null) ? address.getAddress().getHostAddress() : address.getHostString();
	}

	/**
	 * Send a message, counting it, and close the session as a
	 * {@link CloseCause#SLOW_CONSUMER slow consumer} when its send time or buffer limit
	 * is exceeded.
	 */
	@Override
	public void sendMessage(WebSocketMessage<?> message) throws IOException {
		long textBytes = (message instanceof TextMessage text) ? Utf8.length(text.getPayload()) : -1;
		try {
			super.sendMessage((textBytes >= 0) ? new MeasuredText((TextMessage) message, textBytes) : message);
		}
		catch (SessionLimitExceededException ex) {
			this.registry.terminate(this, ex.getStatus().withReason(truncate(ex.getMessage())),
					CloseCause.SLOW_CONSUMER);
			throw ex;
		}
		if (textBytes >= 0) {
			MESSAGES_OUT.incrementAndGet(this);
			BYTES_OUT.addAndGet(this, textBytes);
			this.registry.countSent(true);
		}
		else if (message instanceof BinaryMessage) {
			MESSAGES_OUT.incrementAndGet(this);
			BYTES_OUT.addAndGet(this, message.getPayloadLength());
			this.registry.countSent(false);
		}
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

	void recordPing(long nanos) {
		this.lastPingNanos = nanos;
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
	 * Remember why Lifeline is about to close this session, so that the close is counted
	 * under that cause whatever status the container reports.
	 * @param status the status Lifeline closes with
	 * @param cause the cause
	 * @return {@code true} if this is the first intent recorded
	 */
	boolean recordCloseIntent(CloseStatus status, CloseCause cause) {
		if (this.closeIntent != null) {
			return false;
		}
		this.closeIntent = new CloseIntent(status, cause);
		return true;
	}

	@Nullable CloseIntent getCloseIntent() {
		return this.closeIntent;
	}

	boolean markFinished() {
		return FINISHED.compareAndSet(this, 0, 1);
	}

	boolean isFinished() {
		return this.finished != 0;
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
	 * Return the number of data messages sent.
	 * @return the outbound message count
	 */
	public long getMessagesOut() {
		return this.messagesOut;
	}

	/**
	 * Return the number of payload bytes sent.
	 * @return the outbound byte count
	 */
	public long getBytesOut() {
		return this.bytesOut;
	}

	long getOpenedAtNanos() {
		return this.openedAtNanos;
	}

	long getLastInboundNanos() {
		return this.lastInboundNanos;
	}

	long getLastPingNanos() {
		return this.lastPingNanos;
	}

	@Override
	public String toString() {
		return "LifelineSession[id=" + getId() + ", remoteAddress=" + this.remoteAddress + "]";
	}

	/**
	 * A text message with its UTF-8 size measured once. Spring's decorator sizes every
	 * queued message with {@link TextMessage#getPayloadLength()}, which encodes the whole
	 * text just to count its bytes; this wrapper answers from the count Lifeline keeps
	 * anyway.
	 *
	 * @param message the application's message
	 * @param length its size in UTF-8 bytes
	 */
	record MeasuredText(TextMessage message, long length) implements WebSocketMessage<String> {

		@Override
		public String getPayload() {
			return this.message.getPayload();
		}

		@Override
		public int getPayloadLength() {
			return (int) Math.min(Integer.MAX_VALUE, this.length);
		}

		@Override
		public boolean isLast() {
			return this.message.isLast();
		}

	}

	/**
	 * Sits between Spring's decorator and the container's session and hands the container
	 * the application's own {@link TextMessage} again. Still exposes the container's
	 * native session for the operations that need it.
	 */
	static final class MeasuredTextUnwrapper extends WebSocketSessionDecorator implements NativeWebSocketSession {

		MeasuredTextUnwrapper(WebSocketSession delegate) {
			super(delegate);
		}

		@Override
		public void sendMessage(WebSocketMessage<?> message) throws IOException {
			getDelegate().sendMessage((message instanceof MeasuredText measured) ? measured.message() : message);
		}

		@Override
		public Object getNativeSession() {
			return (getDelegate() instanceof NativeWebSocketSession nativeSession) ? nativeSession.getNativeSession()
					: getDelegate();
		}

		@Override
		public <T> @Nullable T getNativeSession(@Nullable Class<T> requiredType) {
			return (getDelegate() instanceof NativeWebSocketSession nativeSession)
					? nativeSession.getNativeSession(requiredType) : null;
		}

	}

	/**
	 * A close that Lifeline decided on.
	 *
	 * @param status the status sent to the peer
	 * @param cause the cause
	 */
	record CloseIntent(CloseStatus status, CloseCause cause) {
	}

}
