package dev.lifeline.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The registry of live sessions on Lifeline's managed endpoint: find, count, send to,
 * broadcast to and close them. Inject it wherever the application needs to reach its
 * clients.
 * <p>
 * Nothing here waits for a peer: sending queues the message in each session's own bounded
 * queue and returns (see {@link LifelineSession}), and closing queues the close behind
 * the messages sent before it.
 * <p>
 * Sessions enter when they open and leave exactly once, when the container reports the
 * close, when Lifeline aborts a dead connection, or when the cleanup sweep finds a
 * session the container closed without a callback. Each leave is counted under a
 * {@link CloseCause} in the {@link #getStatistics() statistics} and announced to every
 * {@link SessionLifecycleListener} and as a {@link WebSocketSessionClosedEvent}.
 * <p>
 * Sessions are also found by user, the name of the principal they authenticated as, and
 * by group: a session {@link #join joins} and {@link #leave leaves} groups by name, at
 * most {@code lifeline.max-groups-per-session} of them, and its memberships end when it
 * leaves the registry. A user or group without open sessions is forgotten at once.
 * <p>
 * On shutdown, before the web server stops, new handshakes are refused, every session is
 * closed with {@code 1001} as soon as the message being written to it is done (messages
 * still queued are not sent), and sessions that did not complete the close handshake
 * within the shutdown timeout are aborted.
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

	private static final String DEFAULT_ENDPOINT = "default";

	private static final CloseStatus SHUTDOWN_STATUS = CloseStatus.GOING_AWAY.withReason("Server shutting down");

	private final ConcurrentHashMap<String, SessionHolder> sessions = new ConcurrentHashMap<>();

	private final SessionSettings settings;

	private final SessionStatistics statistics = new SessionStatistics();

	private final SessionIndex index = new SessionIndex();

	private final SessionEvents events;

	private final Control control = new Control();

	private final Map<String, ManagedEndpoint> endpoints = new ConcurrentHashMap<>();

	private volatile @Nullable ManagedEndpoint defaultEndpoint;

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
		this.events = new SessionEvents(this, listeners, eventPublisher);
	}

	// --- lookup

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
		SessionHolder holder = this.sessions.get(id);
		return (holder != null) ? Optional.of(holder.session()) : Optional.empty();
	}

	/**
	 * Return a stream over the open sessions, weakly consistent with concurrent opens and
	 * closes.
	 * @return the sessions
	 */
	public Stream<LifelineSession> stream() {
		return this.sessions.values().stream().map(SessionHolder::session);
	}

	/**
	 * Return a copy of the open sessions.
	 * @return the sessions
	 */
	public Collection<LifelineSession> snapshot() {
		return stream().toList();
	}

	/**
	 * Return the settings sessions are created with.
	 * @return the settings
	 */
	public SessionSettings getSettings() {
		return this.settings;
	}

	/**
	 * Add a managed endpoint, whose sessions are created with its own settings and
	 * counted in its own statistics as well as the registry's.
	 * @param name the endpoint's name, the bean name of its handler
	 * @param path the path it accepts upgrades at, or {@code null}
	 * @param settings the settings of its sessions
	 * @return the endpoint
	 * @throws IllegalStateException if an endpoint of that name exists
	 */
	public ManagedEndpoint addEndpoint(String name, @Nullable String path, SessionSettings settings) {
		ManagedEndpoint endpoint = new ManagedEndpoint(name, path, settings, this.statistics);
		if (this.endpoints.putIfAbsent(name, endpoint) != null) {
			throw new IllegalStateException("Managed endpoint '" + name + "' already exists");
		}
		return endpoint;
	}

	/**
	 * Return a managed endpoint by name.
	 * @param name the endpoint's name
	 * @return the endpoint, if there is one of that name
	 */
	public Optional<ManagedEndpoint> getEndpoint(String name) {
		return Optional.ofNullable(this.endpoints.get(name));
	}

	/**
	 * Return the managed endpoints, ordered by name; a registry to which no endpoint was
	 * added has one, named {@code default}.
	 * @return the endpoints
	 */
	public List<ManagedEndpoint> getEndpoints() {
		if (this.endpoints.isEmpty()) {
			return List.of(defaultEndpoint());
		}
		return this.endpoints.values().stream().sorted(Comparator.comparing(ManagedEndpoint::getName)).toList();
	}

	/**
	 * Return the endpoint of sessions opened without one: the only endpoint, or one named
	 * {@code default} with the registry's settings.
	 */
	ManagedEndpoint defaultEndpoint() {
		ManagedEndpoint endpoint = this.defaultEndpoint;
		if (endpoint == null) {
			synchronized (this.endpoints) {
				endpoint = this.defaultEndpoint;
				if (endpoint == null) {
					endpoint = (this.endpoints.size() == 1) ? this.endpoints.values().iterator().next()
							: this.endpoints.computeIfAbsent(DEFAULT_ENDPOINT,
									(name) -> new ManagedEndpoint(name, null, this.settings, this.statistics));
					this.defaultEndpoint = endpoint;
				}
			}
		}
		return endpoint;
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
	 * Set the most groups one session may be a member of at once.
	 * @param maxGroupsPerSession the limit, at least 1
	 */
	public void setMaxGroupsPerSession(int maxGroupsPerSession) {
		this.index.setMaxGroupsPerSession(maxGroupsPerSession);
	}

	/**
	 * Return the most groups one session may be a member of at once.
	 * @return the limit
	 */
	public int getMaxGroupsPerSession() {
		return this.index.getMaxGroupsPerSession();
	}

	/**
	 * Whether the registry is draining for shutdown and refuses new sessions.
	 * @return {@code true} while shutting down
	 */
	public boolean isDraining() {
		return this.draining;
	}

	@Nullable SessionHolder get(String id) {
		return this.sessions.get(id);
	}

	Collection<SessionHolder> holders() {
		return this.sessions.values();
	}

	// --- delivery

	/**
	 * Queue a message for every open session and, through the {@link SessionRelay} if
	 * there is one, hand it to the other instances first. Returns at once.
	 * @param message the message
	 * @return what became of the message on this instance
	 */
	public BroadcastResult broadcast(WebSocketMessage<?> message) {
		SessionRelay relay = this.relay;
		if (relay != null) {
			relay.broadcast(message);
		}
		return broadcastLocally(message);
	}

	private BroadcastResult broadcastLocally(WebSocketMessage<?> message) {
		return offer(this.sessions.values(), message, null);
	}

	/**
	 * Queue a message for one session, on this instance or, through the
	 * {@link SessionRelay}, on another. Returns at once.
	 * @param id the session id
	 * @param message the message
	 * @return {@code true} if the session is open here and queued the message, or if the
	 * relay took the message to the instance that may hold the session (use
	 * {@link #sendAsync} to learn whether one did)
	 */
	public boolean send(String id, WebSocketMessage<?> message) {
		SessionHolder holder = this.sessions.get(id);
		if (holder != null) {
			return holder.session().offer(message, null) == SessionOutbox.Offer.QUEUED;
		}
		SessionRelay relay = this.relay;
		if (relay == null) {
			return false;
		}
		relay.send(id, message);
		return true;
	}

	/**
	 * Queue a message for one session, on this instance or, through the
	 * {@link SessionRelay}, on another, and learn what became of it.
	 * @param id the session id
	 * @param message the message
	 * @return completes with {@code true} when the message is on the wire (a session of
	 * this instance) or was handed to the instance holding the session; with
	 * {@code false} when no instance holds it; exceptionally when the session closed, was
	 * cut off or dropped the message first
	 */
	public CompletableFuture<Boolean> sendAsync(String id, WebSocketMessage<?> message) {
		SessionHolder holder = this.sessions.get(id);
		if (holder != null) {
			return holder.session().sendAsync(message).thenApply((written) -> true);
		}
		SessionRelay relay = this.relay;
		return (relay != null) ? relay.send(id, message) : CompletableFuture.completedFuture(false);
	}

	// --- users

	/**
	 * Find the sessions of a user open on this instance.
	 * @param user the principal name
	 * @return the sessions, possibly empty
	 */
	public List<LifelineSession> findByUser(String user) {
		return sessionsOf(this.index.user(user));
	}

	/**
	 * Queue a message for every session of a user and, through the {@link SessionRelay}
	 * if there is one, hand it to the other instances, each of which queues it for its
	 * own sessions of the user. Returns at once.
	 * @param user the principal name
	 * @param message the message
	 * @return what became of the message on this instance
	 */
	public BroadcastResult sendToUser(String user, WebSocketMessage<?> message) {
		SessionRelay relay = this.relay;
		if (relay != null) {
			relay.sendToUser(user, message);
		}
		return offer(this.index.user(user), message, null);
	}

	/**
	 * Close every session of a user, here and, through the {@link SessionRelay} if there
	 * is one, on the other instances. Returns at once; each close frame follows the
	 * messages queued before it.
	 * @param user the principal name
	 * @param status the close status
	 * @return the number of sessions closed on this instance
	 */
	public int closeUser(String user, CloseStatus status) {
		CloseCause cause = CloseCause.of(status);
		SessionRelay relay = this.relay;
		if (relay != null) {
			relay.closeUser(user, status, cause);
		}
		return closeUserLocally(user, status, cause);
	}

	private int closeUserLocally(String user, CloseStatus status, CloseCause cause) {
		int closed = 0;
		for (SessionHolder holder : List.copyOf(this.index.user(user))) {
			if (!holder.isClosing()) {
				close(holder, status, cause);
				closed++;
			}
		}
		return closed;
	}

	/**
	 * Return the number of distinct users with at least one session open on this
	 * instance.
	 * @return the user count
	 */
	public int userCount() {
		return this.index.userCount();
	}

	// --- groups

	/**
	 * Add a session to a group. A session that is not open here is joined, through the
	 * {@link SessionRelay} if there is one, on the instance that holds it.
	 * @param sessionId the session id
	 * @param group the group name
	 * @return {@code true} if the session is open here and newly a member, or if the
	 * relay took the join to the instance that may hold the session; {@code false} if it
	 * already was a member or is not open
	 * @throws GroupLimitExceededException if the session is open here and already a
	 * member of {@code lifeline.max-groups-per-session} groups
	 */
	public boolean join(String sessionId, String group) {
		Assert.hasLength(group, "Group must not be empty");
		SessionHolder holder = this.sessions.get(sessionId);
		if (holder != null) {
			return join(holder, group);
		}
		SessionRelay relay = this.relay;
		if (relay == null) {
			return false;
		}
		relay.join(sessionId, group);
		return true;
	}

	/**
	 * Remove a session from a group. A session that is not open here leaves, through the
	 * {@link SessionRelay} if there is one, on the instance that holds it.
	 * @param sessionId the session id
	 * @param group the group name
	 * @return {@code true} if the session is open here and was a member, or if the relay
	 * took the request to the instance that may hold the session
	 */
	public boolean leave(String sessionId, String group) {
		Assert.hasLength(group, "Group must not be empty");
		SessionHolder holder = this.sessions.get(sessionId);
		if (holder != null) {
			return leave(holder, group);
		}
		SessionRelay relay = this.relay;
		if (relay == null) {
			return false;
		}
		relay.leave(sessionId, group);
		return true;
	}

	boolean join(SessionHolder holder, String group) {
		if (!this.index.join(holder, group)) {
			return false;
		}
		SessionRelay relay = this.relay;
		if (relay != null) {
			relay.joined(holder.id(), group);
		}
		return true;
	}

	boolean leave(SessionHolder holder, String group) {
		if (!this.index.leave(holder, group)) {
			return false;
		}
		SessionRelay relay = this.relay;
		if (relay != null) {
			relay.left(holder.id(), Set.of(group));
		}
		return true;
	}

	/**
	 * Queue a message for every member of a group and, through the {@link SessionRelay}
	 * if there is one, hand it to the other instances, each of which queues it for its
	 * own members. Returns at once.
	 * @param group the group name
	 * @param message the message
	 * @return what became of the message on this instance
	 */
	public BroadcastResult sendToGroup(String group, WebSocketMessage<?> message) {
		return sendToGroup(group, message, null);
	}

	/**
	 * Queue a message for every member of a group but one, such as the sender, and,
	 * through the {@link SessionRelay} if there is one, hand it to the other instances.
	 * Returns at once.
	 * @param group the group name
	 * @param message the message
	 * @param exceptSessionId the session not to send to, or {@code null}
	 * @return what became of the message on this instance
	 */
	public BroadcastResult sendToGroup(String group, WebSocketMessage<?> message, @Nullable String exceptSessionId) {
		SessionRelay relay = this.relay;
		if (relay != null) {
			relay.sendToGroup(group, message, exceptSessionId);
		}
		return offer(this.index.group(group), message, exceptSessionId);
	}

	/**
	 * Find the members of a group open on this instance.
	 * @param group the group name
	 * @return the sessions, possibly empty
	 */
	public List<LifelineSession> findByGroup(String group) {
		return sessionsOf(this.index.group(group));
	}

	/**
	 * Return the groups a session open on this instance is a member of.
	 * @param sessionId the session id
	 * @return an unmodifiable snapshot of its groups, in the order it joined them; empty
	 * if the session is not open here
	 */
	public Set<String> getGroups(String sessionId) {
		SessionHolder holder = this.sessions.get(sessionId);
		return (holder != null) ? this.index.groupsOf(holder) : Set.of();
	}

	/**
	 * Return the number of groups with at least one member open on this instance.
	 * @return the group count
	 */
	public int groupCount() {
		return this.index.groupCount();
	}

	private static List<LifelineSession> sessionsOf(Set<SessionHolder> holders) {
		return holders.stream().map(SessionHolder::session).toList();
	}

	private static BroadcastResult offer(Collection<SessionHolder> holders, WebSocketMessage<?> message,
			@Nullable String exceptSessionId) {
		if (holders.isEmpty()) {
			return new BroadcastResult(0, 0, 0);
		}
		WebSocketMessage<?> encoded = EncodedText.of(message);
		int queued = 0;
		int dropped = 0;
		int failed = 0;
		for (SessionHolder holder : holders) {
			if (holder.id().equals(exceptSessionId)) {
				continue;
			}
			switch (holder.session().offer(encoded, null)) {
				case QUEUED -> queued++;
				case DROPPED -> dropped++;
				default -> failed++;
			}
		}
		return new BroadcastResult(queued, dropped, failed);
	}

	/**
	 * Forget the user and the memberships of a session that finished.
	 */
	private void unindex(SessionHolder holder) {
		Set<String> groups = this.index.finished(holder);
		SessionRelay relay = this.relay;
		if (relay != null && !groups.isEmpty()) {
			relay.left(holder.id(), groups);
		}
	}

	SessionIndex index() {
		return this.index;
	}

	// --- closing

	/**
	 * Close a session, counting the close under the cause its status implies. Returns at
	 * once; the close frame follows the messages queued before it.
	 * @param id the session id
	 * @param status the close status
	 * @return {@code true} if the session was open on this instance, or if the
	 * {@link SessionRelay} took the close to the instance that may hold it
	 */
	public boolean close(String id, CloseStatus status) {
		return close(id, status, CloseCause.of(status));
	}

	/**
	 * Close a session and count the close under the given cause. Returns at once.
	 * @param id the session id
	 * @param status the close status
	 * @param cause the cause to record
	 * @return {@code true} if the session was open on this instance, or if the
	 * {@link SessionRelay} took the close to the instance that may hold it
	 */
	public boolean close(String id, CloseStatus status, CloseCause cause) {
		if (closeLocally(id, status, cause)) {
			return true;
		}
		SessionRelay relay = this.relay;
		if (relay == null) {
			return false;
		}
		relay.close(id, status, cause);
		return true;
	}

	private boolean closeLocally(String id, CloseStatus status, CloseCause cause) {
		SessionHolder holder = this.sessions.get(id);
		if (holder == null) {
			return false;
		}
		close(holder, status, cause);
		return true;
	}

	/**
	 * Close a session whose peer is alive: queue the close frame behind the messages
	 * already queued and let the container complete the close handshake.
	 */
	void close(SessionHolder holder, CloseStatus status, CloseCause cause) {
		if (!holder.recordCloseIntent(status, cause)) {
			return;
		}
		holder.session().outbox().close(status);
		if (!holder.session().isOpen()) {
			finish(holder, status);
		}
	}

	/**
	 * Close a session whose peer is dead or not reading: drop its queue, write a close
	 * frame only if it fits at once, then release the connection without waiting for an
	 * answer that will never come.
	 */
	void terminate(SessionHolder holder, CloseStatus status, CloseCause cause) {
		if (!holder.recordCloseIntent(status, cause)) {
			return;
		}
		LifelineSession session = holder.session();
		session.outbox().abort(() -> new SessionClosedException(session.getId()));
		NativeSessions.abort(session.getDelegate(), status);
		finish(holder, status);
	}

	void cutOff(SessionHolder holder, String reason) {
		if (holder.isClosing()) {
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Cutting WebSocket session " + holder.id() + " off as a slow consumer: " + reason);
		}
		CloseStatus status = CloseStatus.SESSION_NOT_RELIABLE.withReason(LifelineSession.truncate(reason));
		if (!holder.recordCloseIntent(status, CloseCause.SLOW_CONSUMER)) {
			return;
		}
		// Cut off now (queue freed, later sends refused, counted); release the connection
		// and tell the listeners on the events thread: with a write in flight, the
		// container may wait a few milliseconds for it, and the sender that found the
		// overflow, perhaps in the middle of a broadcast, must not wait for that.
		LifelineSession session = holder.session();
		session.outbox().abort(() -> new SessionClosedException(session.getId()));
		SessionEvents.runAsWorker(() -> finish(holder, status));
		this.events.execute(() -> NativeSessions.abort(session.getDelegate(), status));
	}

	// --- lifecycle of sessions, called by the handler and the sweeps

	@Nullable SessionHolder open(WebSocketSession delegate) {
		return open(delegate, defaultEndpoint());
	}

	@Nullable SessionHolder open(WebSocketSession delegate, ManagedEndpoint endpoint) {
		SessionSettings settings = endpoint.getSettings();
		// The container's own blocking writes (pong answers, close replies) give up only
		// after the cleanup sweep had its chance to cut the session off.
		Duration blockingSendTimeout = settings.sendTimeLimit().plus(this.settings.cleanupInterval()).plusSeconds(1);
		NativeSessions.configure(delegate, blockingSendTimeout, this.settings.closeTimeout());
		if (this.draining) {
			endpoint.getStatistics().rejected(RejectionReason.SHUTDOWN);
			NativeSessions.abort(delegate, SHUTDOWN_STATUS);
			return null;
		}
		if (endpoint.count() >= settings.maxSessions()) {
			// Only without the handshake guard, which reserves a slot before the upgrade.
			rejected(endpoint, RejectionReason.CAPACITY);
			NativeSessions.abort(delegate, CloseStatus.SERVICE_OVERLOAD.withReason("Too many sessions"));
			return null;
		}
		if (!SessionSlots.assignUser(delegate)) {
			// Only when a handshake handler decided the principal and upgraded with a
			// strategy of its own, not the endpoint's, which caps before the upgrade.
			rejected(endpoint, RejectionReason.USER_LIMIT);
			NativeSessions.abort(delegate, CloseStatus.POLICY_VIOLATION.withReason("Too many sessions for user"));
			return null;
		}
		SessionHolder holder = new SessionHolder(new LifelineSession(delegate, endpoint, this.control));
		endpoint.opened();
		this.index.opened(holder);
		this.sessions.put(holder.id(), holder);
		endpoint.getStatistics().opened();
		if (this.draining) {
			// Shutdown began between the check above and the put: its drain may not have
			// seen this session, so close it here. Whichever close comes first counts.
			close(holder, SHUTDOWN_STATUS, CloseCause.SHUTDOWN);
		}
		this.events.opened(holder.session());
		return holder;
	}

	/**
	 * Record that a session closed. Only the first call for a session has an effect.
	 */
	void finish(SessionHolder holder, CloseStatus reported) {
		if (!holder.markFinished()) {
			return;
		}
		LifelineSession session = holder.session();
		this.sessions.remove(holder.id(), holder);
		session.endpoint().finished();
		unindex(holder);
		holder.discardAssembler();
		SessionSlots.release(session);
		session.outbox().abort(() -> new SessionClosedException(session.getId()));
		SessionHolder.CloseIntent intent = holder.closeIntent();
		CloseStatus status = (intent != null) ? intent.status() : reported;
		CloseCause cause = (intent != null) ? intent.cause() : CloseCause.ofPeer(reported);
		session.endpoint().getStatistics().closed(cause);
		Instant now = Instant.now();
		SessionClosure closure = new SessionClosure(session.getId(), now, status.getCode(),
				(status.getReason() != null) ? status.getReason() : "", cause, session.getRemoteAddressText(),
				session.getPrincipalName(), Duration.between(session.getOpenedAt(), now));
		this.events.closed(session, closure);
		if (this.sessions.isEmpty()) {
			synchronized (this.emptyMonitor) {
				this.emptyMonitor.notifyAll();
			}
		}
	}

	/**
	 * Cut off sessions whose oldest unwritten message is older than the send time limit,
	 * and remove sessions that the container closed without a callback. A session must be
	 * seen closed by two consecutive sweeps, so a close that is merely in progress is
	 * left to its callback.
	 * @return the number of orphans removed
	 */
	public int sweep() {
		return SessionEvents.callAsWorker(() -> sweepSessions(true));
	}

	/**
	 * Cut off sessions whose oldest unwritten message is older than the send time limit,
	 * without asking the container which sessions are still open: the cheaper part of a
	 * {@link #sweep()}, which the cleanup listener runs in between full sweeps. Nothing
	 * to do, and no session visited, while no session has anything to write.
	 */
	void sweepSends() {
		SessionEvents.callAsWorker(() -> sweepSessions(false));
	}

	private int sweepSessions(boolean orphans) {
		if (!orphans && this.statistics.getSessionsWriting() <= 0) {
			return 0;
		}
		int removed = 0;
		long now = System.nanoTime();
		long sendTimeLimit = this.settings.sendTimeLimit().toNanos();
		for (SessionHolder holder : this.sessions.values()) {
			LifelineSession session = holder.session();
			if (!orphans || session.isOpen()) {
				if (orphans) {
					holder.closedSeen = false;
				}
				long oldest = session.outbox().oldestUnwrittenNanos();
				if (oldest != 0 && now - oldest > sendTimeLimit) {
					cutOff(holder, session.slowConsumerReason());
				}
			}
			else if (!holder.closedSeen) {
				holder.closedSeen = true;
			}
			else {
				session.endpoint().getStatistics().orphanRemoved();
				finish(holder, CloseStatus.NO_CLOSE_FRAME);
				removed++;
			}
		}
		return removed;
	}

	void rejected(ManagedEndpoint endpoint, RejectionReason reason) {
		endpoint.getStatistics().rejected(reason);
		this.events.rejected(reason);
	}

	void pingSent(LifelineSession session) {
		session.endpoint().getStatistics().pingSent();
		this.events.pingSent(session);
	}

	void pongReceived(LifelineSession session, Duration rtt) {
		this.events.pongReceived(session, rtt);
	}

	/**
	 * Run a task on the calling thread, or on the events thread when the caller is the
	 * heartbeat or the sweep.
	 */
	void dispatch(Runnable task) {
		this.events.dispatch(task);
	}

	// --- statistics

	/**
	 * Return the counters of every managed endpoint together.
	 * @return the statistics
	 */
	public SessionStatistics getStatistics() {
		return this.statistics;
	}

	// --- SmartLifecycle

	@Override
	public void start() {
		this.events.start();
		SessionRelay relay = this.relayProvider.get();
		if (relay != null) {
			relay.attach(this.control);
		}
		this.relay = relay;
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
			long deadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
			List<SessionHolder> open = new ArrayList<>(this.sessions.values());
			if (!open.isEmpty()) {
				logger.info("Closing " + open.size() + " WebSocket session(s) for shutdown");
			}
			for (SessionHolder holder : open) {
				// Going away: what is still queued is not worth delaying the close for.
				if (holder.recordCloseIntent(SHUTDOWN_STATUS, CloseCause.SHUTDOWN)) {
					holder.session().outbox().closeNow(SHUTDOWN_STATUS);
				}
			}
			List<SessionHolder> unanswered = awaitConnectionsClosed(open, deadline);
			if (!unanswered.isEmpty()) {
				logger.info("Aborting " + unanswered.size()
						+ " WebSocket connection(s) that did not answer the shutdown close in time");
			}
			for (SessionHolder holder : unanswered) {
				holder.session().outbox().abort(() -> new SessionClosedException(holder.id()));
				NativeSessions.abort(holder.session().getDelegate(), SHUTDOWN_STATUS);
				finish(holder, CloseStatus.NO_CLOSE_FRAME);
			}
		}
		finally {
			this.events.stop();
			this.running = false;
		}
	}

	/**
	 * Wait until every session, including one that opened while draining, finished and
	 * its connection closed, or until the deadline.
	 */
	private List<SessionHolder> awaitConnectionsClosed(List<SessionHolder> open, long deadline) {
		Set<SessionHolder> pending = new LinkedHashSet<>(open);
		synchronized (this.emptyMonitor) {
			while (true) {
				pending.addAll(this.sessions.values());
				pending.removeIf(
						(holder) -> holder.isFinished() && NativeSessions.isClosed(holder.session().getDelegate()));
				long remaining = deadline - System.nanoTime();
				if (pending.isEmpty() || remaining <= 0) {
					return new ArrayList<>(pending);
				}
				try {
					this.emptyMonitor.wait(Math.max(1, Math.min(remaining / 1_000_000, 50)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return new ArrayList<>(pending);
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
	 * What sessions ask of the registry, and what a {@link SessionRelay} delivers into.
	 */
	private final class Control implements LifelineSession.Control, LocalSessions {

		@Override
		public void close(LifelineSession session, CloseStatus status, CloseCause cause) {
			SessionHolder holder = WebSocketSessions.this.sessions.get(session.getId());
			if (holder != null && holder.session() == session) {
				WebSocketSessions.this.close(holder, status, cause);
			}
			else {
				// Not (or no longer) registered: rejected at open, or already finished.
				session.outbox().close(status);
			}
		}

		@Override
		public void cutOff(LifelineSession session, String reason) {
			SessionHolder holder = WebSocketSessions.this.sessions.get(session.getId());
			if (holder != null && holder.session() == session) {
				WebSocketSessions.this.cutOff(holder, reason);
			}
		}

		@Override
		public void writeFailed(LifelineSession session, Throwable failure) {
			SessionHolder holder = WebSocketSessions.this.sessions.get(session.getId());
			if (holder != null && holder.session() == session && !holder.isClosing()) {
				if (logger.isDebugEnabled()) {
					logger.debug("Write failed on WebSocket session " + session.getId() + ": " + failure);
				}
				terminate(holder, CloseStatus.NO_CLOSE_FRAME, CloseCause.ABNORMAL);
			}
		}

		@Override
		public boolean join(LifelineSession session, String group) {
			Assert.hasLength(group, "Group must not be empty");
			SessionHolder holder = registered(session);
			return holder != null && WebSocketSessions.this.join(holder, group);
		}

		@Override
		public boolean leave(LifelineSession session, String group) {
			Assert.hasLength(group, "Group must not be empty");
			SessionHolder holder = registered(session);
			return holder != null && WebSocketSessions.this.leave(holder, group);
		}

		@Override
		public Set<String> groups(LifelineSession session) {
			SessionHolder holder = registered(session);
			return (holder != null) ? WebSocketSessions.this.index.groupsOf(holder) : Set.of();
		}

		private @Nullable SessionHolder registered(LifelineSession session) {
			SessionHolder holder = WebSocketSessions.this.sessions.get(session.getId());
			return (holder != null && holder.session() == session) ? holder : null;
		}

		// The relay delivers on its one dispatcher thread: what its deliveries cause
		// (a slow consumer cut off) is told on the events thread, so that a listener or
		// handler cannot hold up the deliveries that follow.

		@Override
		public BroadcastResult broadcast(WebSocketMessage<?> message) {
			return SessionEvents.callAsWorker(() -> broadcastLocally(message));
		}

		@Override
		public boolean send(String sessionId, WebSocketMessage<?> message) {
			SessionHolder holder = WebSocketSessions.this.sessions.get(sessionId);
			if (holder == null) {
				return false;
			}
			boolean[] queued = new boolean[1];
			SessionEvents
				.runAsWorker(() -> queued[0] = holder.session().offer(message, null) == SessionOutbox.Offer.QUEUED);
			return queued[0];
		}

		@Override
		public boolean close(String sessionId, CloseStatus status, CloseCause cause) {
			return SessionEvents.callAsWorker(() -> closeLocally(sessionId, status, cause));
		}

		@Override
		public BroadcastResult sendToUser(String user, WebSocketMessage<?> message) {
			return SessionEvents.callAsWorker(() -> offer(WebSocketSessions.this.index.user(user), message, null));
		}

		@Override
		public BroadcastResult sendToGroup(String group, WebSocketMessage<?> message,
				@Nullable String exceptSessionId) {
			return SessionEvents
				.callAsWorker(() -> offer(WebSocketSessions.this.index.group(group), message, exceptSessionId));
		}

		@Override
		public int closeUser(String user, CloseStatus status, CloseCause cause) {
			return SessionEvents.callAsWorker(() -> closeUserLocally(user, status, cause));
		}

		@Override
		public boolean join(String sessionId, String group) {
			SessionHolder holder = WebSocketSessions.this.sessions.get(sessionId);
			return holder != null && WebSocketSessions.this.join(holder, group);
		}

		@Override
		public boolean leave(String sessionId, String group) {
			SessionHolder holder = WebSocketSessions.this.sessions.get(sessionId);
			return holder != null && WebSocketSessions.this.leave(holder, group);
		}

		@Override
		public Map<String, List<String>> userSessionIds() {
			return WebSocketSessions.this.index.userSessionIds();
		}

		@Override
		public Map<String, List<String>> groupSessionIds() {
			return WebSocketSessions.this.index.groupSessionIds();
		}

		@Override
		public Stream<String> sessionIds() {
			return WebSocketSessions.this.sessions.keySet().stream();
		}

		@Override
		public int count() {
			return WebSocketSessions.this.sessions.size();
		}

	}

}
