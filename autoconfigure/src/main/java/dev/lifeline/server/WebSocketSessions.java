package dev.lifeline.server;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The registry of live sessions on Lifeline's managed endpoint: find, count, send to,
 * broadcast to and close them. Inject it wherever the application needs to reach its
 * clients.
 * <p>
 * Sessions enter when they open and leave exactly once, when the container reports the
 * close, when Lifeline aborts a dead connection, or when the cleanup sweep finds a
 * session the container closed without a callback. Each leave is counted under a
 * {@link CloseCause} and announced to every {@link SessionLifecycleListener} and as a
 * {@link WebSocketSessionClosedEvent}.
 * <p>
 * On shutdown, before the web server stops, new handshakes are refused, every session is
 * closed with {@code 1001}, and sessions that did not complete the close handshake within
 * the shutdown timeout are aborted.
 *
 * @author Lifeline contributors
 */
public class WebSocketSessions implements SmartLifecycle {

	/**
	 * Lifecycle phase: stops before the web server's graceful shutdown
	 * ({@code DEFAULT_PHASE - 1024}) so clients are told to go away while the server can
	 * still write to them.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final Log logger = LogFactory.getLog(WebSocketSessions.class);

	private static final CloseStatus SHUTDOWN_STATUS = CloseStatus.GOING_AWAY.withReason("Server shutting down");

	private final ConcurrentHashMap<String, LifelineSession> sessions = new ConcurrentHashMap<>();

	private final SessionSettings settings;

	private final Supplier<List<SessionLifecycleListener>> listeners;

	private final @Nullable ApplicationEventPublisher eventPublisher;

	private final LongAdder opened = new LongAdder();

	private final Map<CloseCause, LongAdder> closed = new EnumMap<>(CloseCause.class);

	private final Map<RejectionReason, LongAdder> rejected = new EnumMap<>(RejectionReason.class);

	private final LongAdder orphans = new LongAdder();

	private final LongAdder textReceived = new LongAdder();

	private final LongAdder binaryReceived = new LongAdder();

	private final LongAdder textSent = new LongAdder();

	private final LongAdder binarySent = new LongAdder();

	private final Object emptyMonitor = new Object();

	private Supplier<@Nullable SessionRelay> relayProvider = () -> null;

	private volatile @Nullable SessionRelay relay;

	private volatile boolean running;

	private volatile boolean draining;

	/**
	 * Create a new registry.
	 * @param settings the per-session settings
	 * @param listeners supplies the listeners to notify, in order; called once, when the
	 * first session opens, so that listeners may themselves depend on the registry
	 * @param eventPublisher the publisher for session events, or {@code null}
	 */
	public WebSocketSessions(SessionSettings settings, Supplier<List<SessionLifecycleListener>> listeners,
			@Nullable ApplicationEventPublisher eventPublisher) {
		this.settings = settings;
		this.listeners = SingletonSupplier.of(() -> List.copyOf(listeners.get()));
		this.eventPublisher = eventPublisher;
		for (CloseCause cause : CloseCause.values()) {
			this.closed.put(cause, new LongAdder());
		}
		for (RejectionReason reason : RejectionReason.values()) {
			this.rejected.put(reason, new LongAdder());
		}
	}

	// --- queries

	/**
	 * Return the number of open sessions.
	 * @return the session count
	 */
	public int count() {
		return this.sessions.size();
	}

	/**
	 * Find an open session by id.
	 * @param id the session id
	 * @return the session, if it is open on this instance
	 */
	public Optional<LifelineSession> find(String id) {
		return Optional.ofNullable(this.sessions.get(id));
	}

	/**
	 * Return a stream over the open sessions, weakly consistent with concurrent opens and
	 * closes.
	 * @return the sessions
	 */
	public Stream<LifelineSession> stream() {
		return this.sessions.values().stream();
	}

	/**
	 * Return a copy of the open sessions.
	 * @return the sessions
	 */
	public Collection<LifelineSession> snapshot() {
		return List.copyOf(this.sessions.values());
	}

	/**
	 * Return the settings sessions are created with.
	 * @return the settings
	 */
	public SessionSettings getSettings() {
		return this.settings;
	}

	/**
	 * Set where the relay that reaches sessions on other instances comes from. It is
	 * looked up when the registry starts, since the relay itself delivers into this
	 * registry.
	 * @param relayProvider supplies the relay, or {@code null} for a single instance
	 */
	public void setRelayProvider(Supplier<@Nullable SessionRelay> relayProvider) {
		this.relayProvider = relayProvider;
	}

	/**
	 * Whether the registry is draining for shutdown and refuses new sessions.
	 * @return {@code true} while shutting down
	 */
	public boolean isDraining() {
		return this.draining;
	}

	// --- sending

	/**
	 * Send a message to every open session, and through the {@link SessionRelay}, if
	 * there is one, to the sessions of the other instances. A session that fails or
	 * exceeds its limits is closed and counted as failed; the others still receive the
	 * message.
	 * @param message the message
	 * @return how many sessions of this instance the message was sent to and how many
	 * failed
	 */
	public BroadcastResult broadcast(WebSocketMessage<?> message) {
		BroadcastResult result = broadcastLocally(message);
		SessionRelay relay = this.relay;
		if (relay != null) {
			relay.broadcast(message);
		}
		return result;
	}

	/**
	 * Send a message to every session open on this instance only; the
	 * {@link SessionRelay} calls this for a broadcast from another instance.
	 * @param message the message
	 * @return how many sessions the message was sent to and how many failed
	 */
	public BroadcastResult broadcastLocally(WebSocketMessage<?> message) {
		int sent = 0;
		int failed = 0;
		for (LifelineSession session : this.sessions.values()) {
			if (trySend(session, message)) {
				sent++;
			}
			else {
				failed++;
			}
		}
		return new BroadcastResult(sent, failed);
	}

	/**
	 * Send a message to one session, on this instance or, through the
	 * {@link SessionRelay}, on another.
	 * @param id the session id
	 * @param message the message
	 * @return {@code true} if the session is open here and the message was sent or
	 * queued, or if the relay handed it to the instance holding the session
	 */
	public boolean send(String id, WebSocketMessage<?> message) {
		LifelineSession session = this.sessions.get(id);
		if (session != null) {
			return trySend(session, message);
		}
		SessionRelay relay = this.relay;
		return relay != null && relay.send(id, message);
	}

	/**
	 * Send a message to a session only if it is open on this instance; the
	 * {@link SessionRelay} calls this for a message from another instance.
	 * @param id the session id
	 * @param message the message
	 * @return {@code true} if the session is open here and the message was sent or queued
	 */
	public boolean sendLocally(String id, WebSocketMessage<?> message) {
		LifelineSession session = this.sessions.get(id);
		return session != null && trySend(session, message);
	}

	private boolean trySend(LifelineSession session, WebSocketMessage<?> message) {
		if (!session.isOpen()) {
			return false;
		}
		try {
			session.sendMessage(message);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Failed to send to WebSocket session " + session.getId() + ": " + ex);
			}
			return false;
		}
	}

	// --- closing

	/**
	 * Close a session, counting the close under the cause its status implies.
	 * @param id the session id
	 * @param status the close status
	 * @return {@code true} if the session was open on this instance, or if the
	 * {@link SessionRelay} handed the close to the instance holding it
	 */
	public boolean close(String id, CloseStatus status) {
		return close(id, status, CloseCause.of(status));
	}

	/**
	 * Close a session and count the close under the given cause.
	 * @param id the session id
	 * @param status the close status
	 * @param cause the cause to record
	 * @return {@code true} if the session was open on this instance, or if the
	 * {@link SessionRelay} handed the close to the instance holding it
	 */
	public boolean close(String id, CloseStatus status, CloseCause cause) {
		if (closeLocally(id, status, cause)) {
			return true;
		}
		SessionRelay relay = this.relay;
		return relay != null && relay.close(id, status, cause);
	}

	/**
	 * Close a session only if it is open on this instance; the {@link SessionRelay} calls
	 * this for a close requested by another instance.
	 * @param id the session id
	 * @param status the close status
	 * @param cause the cause to record
	 * @return {@code true} if the session was open on this instance
	 */
	public boolean closeLocally(String id, CloseStatus status, CloseCause cause) {
		LifelineSession session = this.sessions.get(id);
		if (session == null) {
			return false;
		}
		close(session, status, cause);
		return true;
	}

	/**
	 * Close a session whose peer is alive: send the close frame and let the container
	 * complete the close handshake.
	 */
	void close(LifelineSession session, CloseStatus status, CloseCause cause) {
		if (!session.recordCloseIntent(status, cause)) {
			return;
		}
		try {
			session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			NativeSessions.abort(session.getDelegate(), status);
		}
		if (!session.isOpen()) {
			finish(session, status);
		}
	}

	/**
	 * Close a session whose peer is dead or not reading: write a close frame only if it
	 * fits at once, then release the connection without waiting for an answer that will
	 * never come.
	 */
	void terminate(LifelineSession session, CloseStatus status, CloseCause cause) {
		if (!session.recordCloseIntent(status, cause)) {
			return;
		}
		NativeSessions.abort(session.getDelegate(), status);
		finish(session, status);
	}

	// --- lifecycle of sessions, called by the handler and the sweep

	@Nullable LifelineSession open(WebSocketSession delegate) {
		LifelineSession session = new LifelineSession(delegate, (int) this.settings.sendTimeLimit().toMillis(),
				(int) this.settings.sendBufferSizeLimit().toBytes(), this.settings.overflowStrategy(), this);
		// The container's own write timeout fires only after the cleanup sweep had its
		// chance to cut the session off as a slow consumer.
		Duration blockingSendTimeout = this.settings.sendTimeLimit()
			.plus(this.settings.cleanupInterval())
			.plusSeconds(1);
		NativeSessions.configure(delegate, blockingSendTimeout, this.settings.closeTimeout());
		if (this.draining) {
			this.rejected.get(RejectionReason.SHUTDOWN).increment();
			NativeSessions.abort(delegate, SHUTDOWN_STATUS);
			return null;
		}
		if (this.sessions.size() >= this.settings.maxSessions()) {
			rejected(RejectionReason.CAPACITY);
			NativeSessions.abort(delegate, CloseStatus.SERVICE_OVERLOAD.withReason("Too many sessions"));
			return null;
		}
		this.sessions.put(session.getId(), session);
		this.opened.increment();
		for (SessionLifecycleListener listener : this.listeners.get()) {
			try {
				listener.sessionOpened(session);
			}
			catch (RuntimeException ex) {
				listenerFailed(listener, session, ex);
			}
		}
		if (this.eventPublisher != null) {
			publish(new WebSocketSessionOpenedEvent(this, session), session);
		}
		return session;
	}

	@Nullable LifelineSession get(String id) {
		return this.sessions.get(id);
	}

	/**
	 * Record that a session closed. Only the first call for a session has an effect.
	 */
	void finish(LifelineSession session, CloseStatus reported) {
		if (!session.markFinished()) {
			return;
		}
		this.sessions.remove(session.getId(), session);
		LifelineSession.CloseIntent intent = session.getCloseIntent();
		CloseStatus status = (intent != null) ? intent.status() : reported;
		CloseCause cause = (intent != null) ? intent.cause() : CloseCause.of(reported);
		this.closed.get(cause).increment();
		Instant now = Instant.now();
		SessionClosure closure = new SessionClosure(session.getId(), now, status.getCode(),
				(status.getReason() != null) ? status.getReason() : "", cause, session.getRemoteAddressText(),
				session.getPrincipalName(), Duration.between(session.getOpenedAt(), now));
		for (SessionLifecycleListener listener : this.listeners.get()) {
			try {
				listener.sessionClosed(session, closure);
			}
			catch (RuntimeException ex) {
				listenerFailed(listener, session, ex);
			}
		}
		if (this.eventPublisher != null) {
			publish(new WebSocketSessionClosedEvent(this, session, closure), session);
		}
		if (this.sessions.isEmpty()) {
			synchronized (this.emptyMonitor) {
				this.emptyMonitor.notifyAll();
			}
		}
	}

	/**
	 * Cut off sessions whose current send has exceeded the send time limit, and remove
	 * sessions that the container closed without a callback. A session must be seen
	 * closed by two consecutive sweeps, so a close that is merely in progress is left to
	 * its callback.
	 * @return the number of orphans removed
	 */
	public int sweep() {
		int removed = 0;
		long sendTimeLimit = this.settings.sendTimeLimit().toMillis();
		for (LifelineSession session : this.sessions.values()) {
			if (session.isOpen()) {
				session.closedSeen = false;
				long sending = session.getTimeSinceSendStarted();
				if (sending > sendTimeLimit) {
					terminate(session,
							CloseStatus.SESSION_NOT_RELIABLE.withReason(LifelineSession.truncate(
									"Send blocked for " + sending + " ms, over the " + sendTimeLimit + " ms limit")),
							CloseCause.SLOW_CONSUMER);
				}
			}
			else if (!session.closedSeen) {
				session.closedSeen = true;
			}
			else {
				this.orphans.increment();
				finish(session, CloseStatus.NO_CLOSE_FRAME);
				removed++;
			}
		}
		return removed;
	}

	void rejected(RejectionReason reason) {
		this.rejected.get(reason).increment();
		for (SessionLifecycleListener listener : this.listeners.get()) {
			try {
				listener.handshakeRejected(reason);
			}
			catch (RuntimeException ex) {
				logger.warn("Session listener " + listener.getClass().getName() + " failed: " + ex);
			}
		}
	}

	void pingSent(LifelineSession session) {
		for (SessionLifecycleListener listener : this.listeners.get()) {
			try {
				listener.pingSent(session);
			}
			catch (RuntimeException ex) {
				listenerFailed(listener, session, ex);
			}
		}
	}

	void pongReceived(LifelineSession session, Duration rtt) {
		for (SessionLifecycleListener listener : this.listeners.get()) {
			try {
				listener.pongReceived(session, rtt);
			}
			catch (RuntimeException ex) {
				listenerFailed(listener, session, ex);
			}
		}
	}

	void countReceived(boolean text) {
		(text ? this.textReceived : this.binaryReceived).increment();
	}

	void countSent(boolean text) {
		(text ? this.textSent : this.binarySent).increment();
	}

	private void publish(Object event, LifelineSession session) {
		try {
			this.eventPublisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("Event listener failed for WebSocket session " + session.getId() + ": " + ex);
		}
	}

	private void listenerFailed(SessionLifecycleListener listener, LifelineSession session, RuntimeException ex) {
		logger.warn("Session listener " + listener.getClass().getName() + " failed for WebSocket session "
				+ session.getId() + ": " + ex);
	}

	// --- statistics

	/**
	 * Return the number of sessions opened since start.
	 * @return the opened total
	 */
	public long getOpenedTotal() {
		return this.opened.sum();
	}

	/**
	 * Return the number of sessions closed since start.
	 * @return the closed total
	 */
	public long getClosedTotal() {
		return this.closed.values().stream().mapToLong(LongAdder::sum).sum();
	}

	/**
	 * Return the number of sessions closed for a cause.
	 * @param cause the cause
	 * @return the count
	 */
	public long getClosed(CloseCause cause) {
		return this.closed.get(cause).sum();
	}

	/**
	 * Return the closes counted per cause, omitting causes never seen.
	 * @return the counts by cause
	 */
	public Map<CloseCause, Long> getClosedByCause() {
		return nonZero(this.closed, new EnumMap<>(CloseCause.class));
	}

	/**
	 * Return the number of handshakes rejected for a reason.
	 * @param reason the reason
	 * @return the count
	 */
	public long getRejected(RejectionReason reason) {
		return this.rejected.get(reason).sum();
	}

	/**
	 * Return the handshakes rejected per reason, omitting reasons never seen.
	 * @return the counts by reason
	 */
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
	public long getOrphansRemoved() {
		return this.orphans.sum();
	}

	/**
	 * Return the number of data messages received, by type.
	 * @param text {@code true} for text messages, {@code false} for binary
	 * @return the count
	 */
	public long getMessagesReceived(boolean text) {
		return (text ? this.textReceived : this.binaryReceived).sum();
	}

	/**
	 * Return the number of data messages sent, by type.
	 * @param text {@code true} for text messages, {@code false} for binary
	 * @return the count
	 */
	public long getMessagesSent(boolean text) {
		return (text ? this.textSent : this.binarySent).sum();
	}

	// --- SmartLifecycle

	@Override
	public void start() {
		this.relay = this.relayProvider.get();
		this.draining = false;
		this.running = true;
	}

	/**
	 * Drain: refuse new handshakes, close every session with {@code 1001}, wait up to the
	 * shutdown timeout for the peers to answer the close, then abort the connections of
	 * those that did not.
	 * <p>
	 * Containers report a server-initiated close as soon as the close frame is written,
	 * so sessions leave the registry at once; the wait is for the connections, which stay
	 * open until the peer's close frame arrives.
	 */
	@Override
	public void stop() {
		this.draining = true;
		try {
			List<LifelineSession> open = new ArrayList<>(this.sessions.values());
			if (!open.isEmpty()) {
				logger.info("Closing " + open.size() + " WebSocket session(s) for shutdown");
			}
			long deadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
			for (LifelineSession session : open) {
				if (System.nanoTime() - deadline < 0) {
					close(session, SHUTDOWN_STATUS, CloseCause.SHUTDOWN);
				}
				else {
					terminate(session, SHUTDOWN_STATUS, CloseCause.SHUTDOWN);
				}
			}
			List<LifelineSession> unanswered = awaitConnectionsClosed(open,
					Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
			if (!unanswered.isEmpty()) {
				logger.info("Aborting " + unanswered.size()
						+ " WebSocket connection(s) that did not answer the shutdown close in time");
			}
			for (LifelineSession session : unanswered) {
				NativeSessions.abort(session.getDelegate(), SHUTDOWN_STATUS);
				finish(session, CloseStatus.NO_CLOSE_FRAME);
			}
		}
		finally {
			this.running = false;
		}
	}

	private List<LifelineSession> awaitConnectionsClosed(List<LifelineSession> sessions, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<LifelineSession> pending = new ArrayList<>(sessions);
		synchronized (this.emptyMonitor) {
			while (true) {
				pending.removeIf((session) -> session.isFinished() && NativeSessions.isClosed(session.getDelegate()));
				long remaining = deadline - System.nanoTime();
				if (pending.isEmpty() || remaining <= 0) {
					return pending;
				}
				try {
					this.emptyMonitor.wait(Math.max(1, Math.min(remaining / 1_000_000, 50)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return pending;
				}
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * The outcome of a broadcast.
	 *
	 * @param sent the number of sessions the message was sent or queued to
	 * @param failed the number of sessions that could not take it
	 */
	public record BroadcastResult(int sent, int failed) {
	}

}
