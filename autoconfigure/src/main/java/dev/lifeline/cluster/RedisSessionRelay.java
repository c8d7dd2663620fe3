package dev.lifeline.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.GroupLimitExceededException;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.LocalSessions;
import dev.lifeline.server.SessionClosure;
import dev.lifeline.server.SessionLifecycleListener;
import dev.lifeline.server.SessionRelay;
import dev.lifeline.server.SessionDrain;
import dev.lifeline.server.WebSocketSessions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * {@link SessionRelay} over Redis: several instances of the application share one Redis,
 * and {@link WebSocketSessions#broadcast broadcast}, {@link WebSocketSessions#send send}
 * and {@link WebSocketSessions#close close} reach sessions wherever they live.
 * <p>
 * Broadcasts are published on one channel, {@code <prefix>broadcast}, that every node
 * subscribes to, before the local fan-out; a node ignores its own, which it delivers
 * locally. A message or close for one session is published on the channel of the node
 * that holds it, {@code <prefix>node:<node id>}, found in a directory of keys
 * {@code <prefix>session:<session id>} whose value is the node id. Each node also keeps
 * {@code <prefix>node:<node id>}, a hash with its session count and last refresh, and its
 * id in the set {@code <prefix>nodes}. Every directory key carries the directory TTL and
 * is rewritten every third of it, so the entries of a node that crashed expire by
 * themselves and those lost when Redis restarts empty come back.
 * <p>
 * A message for a user or a group, and a close of a user's sessions, travel on the
 * broadcast channel: each node delivers to its own sessions of the user or members of the
 * group, so each session gets it exactly once. A join or leave for a session of another
 * node travels on that node's channel, like a send. The directory also keeps the sessions
 * of each user, {@code <prefix>user:<name>}, and the members of each group,
 * {@code <prefix>group:<name>}: sorted sets of session ids, shared by the nodes, whose
 * scores are the time (epoch milliseconds) each entry expires unless refreshed. A node
 * writes its entries when a session opens or joins, removes them when it leaves or
 * closes, and rewrites them with every refresh, when it also removes the expired entries
 * a crashed node left behind; the keys themselves carry the TTL too.
 * <p>
 * Redis is reached through the reactive API of the application's Lettuce connection, with
 * every command bounded by the command timeout, and nothing waits for Redis: a broadcast
 * is published in the background, and a {@code send} or {@code close} for a session that
 * is not local completes its future within the timeout. Commands are issued on one thread
 * of the relay's own, in order, since Lettuce connects on the subscribing thread when it
 * has no connection yet. Deliveries from other instances only queue messages in the local
 * sessions, so they never wait on a local peer. While Redis is unreachable local delivery
 * goes on, failed publishes are counted, and {@link #getFailure()} says why; Lettuce
 * reconnects and resubscribes when Redis returns, and the listener container recovers a
 * subscription that failed.
 *
 * @author Lifeline contributors
 */
public class RedisSessionRelay
		implements SessionRelay, SessionLifecycleListener, MessageListener, LifelineCluster, SmartLifecycle {

	/**
	 * Prefix of the names of the relay's threads.
	 */
	public static final String THREAD_NAME_PREFIX = "lifeline-cluster-";

	/**
	 * Lifecycle phase: starts before the registry accepts sessions and stops after it
	 * closed them, so their directory entries are removed while Redis is still reachable.
	 */
	public static final int PHASE = SessionDrain.PHASE - 1;

	private static final Log logger = LogFactory.getLog(RedisSessionRelay.class);

	private static final int COMMAND_QUEUE_CAPACITY = 10_000;

	private static final String NOT_SUBSCRIBED = "Not subscribed to the cluster channels yet";

	private static final String SESSIONS_FIELD = "sessions";

	private static final String HEARTBEAT_FIELD = "heartbeatAt";

	private volatile @Nullable LocalSessions sessions;

	private final RedisConnectionFactory connectionFactory;

	private final ReactiveStringRedisTemplate strings;

	private final ReactiveRedisTemplate<String, byte[]> bytes;

	private final String nodeId;

	private final String prefix;

	private final Duration ttl;

	private final Duration commandTimeout;

	private final String broadcastChannel;

	private final LongAdder published = new LongAdder();

	private final LongAdder received = new LongAdder();

	private final LongAdder publishFailures = new LongAdder();

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private volatile @Nullable String failure;

	private volatile boolean running;

	private volatile @Nullable RedisMessageListenerContainer container;

	private volatile @Nullable ThreadPoolTaskScheduler scheduler;

	private volatile @Nullable ThreadPoolTaskExecutor dispatcher;

	private volatile @Nullable ThreadPoolTaskExecutor commandExecutor;

	/**
	 * Where Redis commands are issued: one thread of the relay's own, so that commands
	 * leave in the order they were given (a sender's messages stay in order), and so that
	 * no caller waits when Lettuce has to connect first, which it does on the subscribing
	 * thread. Its queue is bounded: a command it cannot take fails and is counted like
	 * any failed publish.
	 */
	private volatile Scheduler commands = Schedulers.immediate();

	/**
	 * Create a new relay.
	 * @param connectionFactory the application's Redis connection factory, which must
	 * also be a {@link ReactiveRedisConnectionFactory} (Lettuce is)
	 * @param nodeId the id of this instance, unique in the cluster
	 * @param prefix the prefix of every key and channel
	 * @param ttl how long directory entries live without a refresh
	 * @param commandTimeout the longest wait for a Redis command
	 */
	public RedisSessionRelay(RedisConnectionFactory connectionFactory, String nodeId, String prefix, Duration ttl,
			Duration commandTimeout) {
		if (!(connectionFactory instanceof ReactiveRedisConnectionFactory reactive)) {
			throw new IllegalStateException("Lifeline's cluster support needs a Redis connection factory that is "
					+ "also reactive, such as Lettuce's (the default of spring-boot-starter-data-redis), but got "
					+ connectionFactory.getClass().getName());
		}
		this.connectionFactory = connectionFactory;
		this.strings = new ReactiveStringRedisTemplate(reactive);
		this.bytes = new ReactiveRedisTemplate<>(reactive,
				RedisSerializationContext.<String, byte[]>newSerializationContext(RedisSerializer.string())
					.value(RedisSerializer.byteArray())
					.build());
		this.nodeId = nodeId;
		this.prefix = prefix;
		this.ttl = ttl;
		this.commandTimeout = commandTimeout;
		this.broadcastChannel = prefix + "broadcast";
	}

	// --- SessionRelay

	@Override
	public void attach(LocalSessions sessions) {
		this.sessions = sessions;
	}

	@Override
	public void broadcast(WebSocketMessage<?> message) {
		if (!this.running || !ClusterMessage.isSupported(message)) {
			return;
		}
		publish(ClusterMessage.broadcast(this.nodeId, message));
	}

	@Override
	public CompletableFuture<Boolean> send(String sessionId, WebSocketMessage<?> message) {
		if (!this.running || !ClusterMessage.isSupported(message)) {
			return CompletableFuture.completedFuture(false);
		}
		return forward(sessionId, ClusterMessage.send(this.nodeId, sessionId, message));
	}

	@Override
	public CompletableFuture<Boolean> close(String sessionId, CloseStatus status, CloseCause cause) {
		if (!this.running) {
			return CompletableFuture.completedFuture(false);
		}
		return forward(sessionId, ClusterMessage.close(this.nodeId, sessionId, status, cause));
	}

	@Override
	public void sendToUser(String user, WebSocketMessage<?> message) {
		if (this.running && ClusterMessage.isSupported(message)) {
			publish(ClusterMessage.sendToUser(this.nodeId, user, message));
		}
	}

	@Override
	public void sendToGroup(String group, WebSocketMessage<?> message, @Nullable String exceptSessionId) {
		if (this.running && ClusterMessage.isSupported(message)) {
			publish(ClusterMessage.sendToGroup(this.nodeId, group, message, exceptSessionId));
		}
	}

	@Override
	public void closeUser(String user, CloseStatus status, CloseCause cause) {
		if (this.running) {
			publish(ClusterMessage.closeUser(this.nodeId, user, status, cause));
		}
	}

	@Override
	public CompletableFuture<Boolean> join(String sessionId, String group) {
		if (!this.running) {
			return CompletableFuture.completedFuture(false);
		}
		return forward(sessionId, ClusterMessage.join(this.nodeId, sessionId, group));
	}

	@Override
	public CompletableFuture<Boolean> leave(String sessionId, String group) {
		if (!this.running) {
			return CompletableFuture.completedFuture(false);
		}
		return forward(sessionId, ClusterMessage.leave(this.nodeId, sessionId, group));
	}

	/**
	 * Publish on the broadcast channel in the background.
	 */
	private void publish(ClusterMessage message) {
		byte[] payload = message.encode();
		this.bytes.convertAndSend(this.broadcastChannel, payload)
			.timeout(this.commandTimeout)
			.subscribeOn(this.commands)
			.subscribe((receivers) -> published(), this::publishFailed);
	}

	/**
	 * Look up the node holding a session and publish to its channel, both bounded by the
	 * command timeout. Nothing waits: the future completes on a Redis client thread.
	 */
	private CompletableFuture<Boolean> forward(String sessionId, ClusterMessage message) {
		byte[] payload = message.encode();
		return this.strings.opsForValue()
			.get(sessionKey(sessionId))
			.filter((node) -> !node.equals(this.nodeId))
			.flatMap((node) -> this.bytes.convertAndSend(nodeChannel(node), payload))
			.timeout(this.commandTimeout)
			.map((receivers) -> {
				published();
				return receivers > 0;
			})
			.defaultIfEmpty(false)
			.onErrorResume((ex) -> {
				publishFailed(ex);
				return Mono.just(false);
			})
			.subscribeOn(this.commands)
			.toFuture();
	}

	private void published() {
		this.published.increment();
		succeeded();
	}

	private void succeeded() {
		this.failure = (this.container != null) ? null : NOT_SUBSCRIBED;
	}

	private void publishFailed(Throwable ex) {
		this.publishFailures.increment();
		failed("publish", ex);
	}

	private void failed(String operation, Throwable ex) {
		String reason = reason(ex);
		String previous = this.failure;
		this.failure = reason;
		if (previous == null) {
			logger.warn("Lifeline cluster node " + this.nodeId + ": Redis " + operation + " failed: " + reason);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Lifeline cluster node " + this.nodeId + ": Redis " + operation + " failed: " + reason);
		}
	}

	private String reason(Throwable ex) {
		Throwable cause = Exceptions.unwrap(ex);
		if (cause instanceof TimeoutException) {
			return "Redis did not answer within " + this.commandTimeout.toMillis() + " ms";
		}
		String message = cause.getMessage();
		return (message != null) ? message : cause.getClass().getSimpleName();
	}

	// --- receiving

	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		ClusterMessage received;
		try {
			received = ClusterMessage.decode(message.getBody());
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Lifeline cluster node " + this.nodeId + " ignored a message on "
					+ new String(message.getChannel()) + ": " + ex.getMessage());
			return;
		}
		if (received.origin().equals(this.nodeId)) {
			return;
		}
		LocalSessions sessions = this.sessions;
		if (sessions == null) {
			return;
		}
		this.received.increment();
		switch (received.kind()) {
			case BROADCAST -> sessions.broadcast(required(received.message()));
			case SEND -> sessions.send(required(received.sessionId()), required(received.message()));
			case CLOSE ->
				sessions.close(required(received.sessionId()), required(received.status()), required(received.cause()));
			case USER -> sessions.sendToUser(required(received.name()), required(received.message()));
			case GROUP ->
				sessions.sendToGroup(required(received.name()), required(received.message()), received.sessionId());
			case CLOSE_USER ->
				sessions.closeUser(required(received.name()), required(received.status()), required(received.cause()));
			case JOIN -> join(sessions, required(received.sessionId()), required(received.name()));
			case LEAVE -> sessions.leave(required(received.sessionId()), required(received.name()));
		}
	}

	private void join(LocalSessions sessions, String sessionId, String group) {
		try {
			sessions.join(sessionId, group);
		}
		catch (GroupLimitExceededException ex) {
			logger.warn("Lifeline cluster node " + this.nodeId + " refused a join from another instance: "
					+ ex.getMessage());
		}
	}

	private static <T> T required(@Nullable T value) {
		if (value == null) {
			throw new IllegalStateException("Incomplete cluster message");
		}
		return value;
	}

	// --- directory

	@Override
	public void sessionOpened(LifelineSession session) {
		if (this.running) {
			Mono<?> update = this.strings.opsForValue().set(sessionKey(session.getId()), this.nodeId, this.ttl);
			String user = session.getPrincipalName();
			if (user != null) {
				update = update.then(addMembers(userKey(user), List.of(session.getId()), expiresAt()));
			}
			updateDirectory(update);
		}
	}

	@Override
	public void sessionClosed(LifelineSession session, SessionClosure closed) {
		Mono<?> update = this.strings.delete(sessionKey(session.getId()));
		String user = session.getPrincipalName();
		if (user != null) {
			update = update.then(this.strings.opsForZSet().remove(userKey(user), session.getId()));
		}
		updateDirectory(update);
	}

	@Override
	public void joined(String sessionId, String group) {
		if (this.running) {
			updateDirectory(addMembers(groupKey(group), List.of(sessionId), expiresAt()));
		}
	}

	@Override
	public void left(String sessionId, Set<String> groups) {
		updateDirectory(Flux.fromIterable(groups)
			.flatMap((group) -> this.strings.opsForZSet().remove(groupKey(group), sessionId))
			.then());
	}

	private void updateDirectory(Mono<?> update) {
		update.timeout(this.commandTimeout).subscribeOn(this.commands).subscribe((ok) -> {
		}, (ex) -> failed("directory update", ex));
	}

	/**
	 * Add session ids to a user's or group's sorted set, scored with when they expire,
	 * and give the key the TTL.
	 */
	private Mono<Boolean> addMembers(String key, List<String> sessionIds, double expiresAt) {
		List<TypedTuple<String>> members = sessionIds.stream().map((id) -> TypedTuple.of(id, expiresAt)).toList();
		return this.strings.opsForZSet().addAll(key, members).then(this.strings.expire(key, this.ttl));
	}

	/**
	 * Rewrite this node's entries of a user's or group's sorted set, and drop the entries
	 * that expired, such as those of a node that crashed.
	 */
	private Mono<Boolean> refreshMembers(String key, List<String> sessionIds, double expiresAt) {
		return this.strings.opsForZSet()
			.removeRangeByScore(key, Range.closed(Double.NEGATIVE_INFINITY, (double) System.currentTimeMillis()))
			.then(addMembers(key, sessionIds, expiresAt));
	}

	private double expiresAt() {
		return System.currentTimeMillis() + this.ttl.toMillis();
	}

	/**
	 * Rewrite this node's directory entries with a fresh TTL. Skipped while the previous
	 * refresh is still running.
	 */
	void refresh() {
		if (!this.refreshing.compareAndSet(false, true)) {
			return;
		}
		LocalSessions sessions = this.sessions;
		List<String> ids = (sessions != null) ? sessions.sessionIds().toList() : List.of();
		Map<String, List<String>> members = directoryMembers(sessions);
		double expiresAt = expiresAt();
		Flux.fromIterable(ids)
			.flatMap((id) -> this.strings.opsForValue()
				.set(sessionKey(id), this.nodeId, this.ttl)
				.timeout(this.commandTimeout), 64)
			.thenMany(Flux.fromIterable(members.entrySet())
				.flatMap((entry) -> refreshMembers(entry.getKey(), entry.getValue(), expiresAt)
					.timeout(this.commandTimeout), 64))
			.then(this.strings.opsForHash()
				.putAll(nodeKey(this.nodeId),
						Map.of(SESSIONS_FIELD, Integer.toString(ids.size()), HEARTBEAT_FIELD,
								Long.toString(System.currentTimeMillis())))
				.then(this.strings.expire(nodeKey(this.nodeId), this.ttl))
				.then(this.strings.opsForSet().add(nodesKey(), this.nodeId))
				.timeout(this.commandTimeout))
			.doFinally((signal) -> this.refreshing.set(false))
			.subscribe((added) -> {
			}, (ex) -> failed("directory refresh", ex), this::succeeded);
	}

	@Override
	public List<ClusterNode> getNodes() {
		try {
			List<ClusterNode> nodes = this.strings.opsForSet()
				.members(nodesKey())
				.flatMap((id) -> this.strings.<String, String>opsForHash()
					.entries(nodeKey(id))
					.collectMap(Map.Entry::getKey, Map.Entry::getValue)
					.flatMap((fields) -> describe(id, fields)))
				.collectList()
				.timeout(this.commandTimeout)
				.block();
			List<ClusterNode> result = new ArrayList<>((nodes != null) ? nodes : List.of());
			result.sort(Comparator.comparing(ClusterNode::id));
			succeeded();
			return result;
		}
		catch (RuntimeException ex) {
			failed("query", ex);
			throw ex;
		}
	}

	private Mono<ClusterNode> describe(String id, Map<String, String> fields) {
		String sessions = fields.get(SESSIONS_FIELD);
		String heartbeat = fields.get(HEARTBEAT_FIELD);
		if (sessions == null || heartbeat == null) {
			// The node's entry expired: it stopped without saying goodbye.
			return this.strings.opsForSet().remove(nodesKey(), id).then(Mono.empty());
		}
		return Mono
			.just(new ClusterNode(id, Integer.parseInt(sessions), Instant.ofEpochMilli(Long.parseLong(heartbeat))));
	}

	private String sessionKey(String sessionId) {
		return this.prefix + "session:" + sessionId;
	}

	/**
	 * Return this node's sessions of each user and members of each group, by directory
	 * key.
	 */
	private Map<String, List<String>> directoryMembers(@Nullable LocalSessions sessions) {
		Map<String, List<String>> members = new LinkedHashMap<>();
		if (sessions != null) {
			sessions.userSessionIds().forEach((user, ids) -> members.put(userKey(user), ids));
			sessions.groupSessionIds().forEach((group, ids) -> members.put(groupKey(group), ids));
		}
		return members;
	}

	private String userKey(String user) {
		return this.prefix + "user:" + user;
	}

	private String groupKey(String group) {
		return this.prefix + "group:" + group;
	}

	private String nodeKey(String node) {
		return this.prefix + "node:" + node;
	}

	private String nodeChannel(String node) {
		return this.prefix + "node:" + node;
	}

	private String nodesKey() {
		return this.prefix + "nodes";
	}

	// --- LifelineCluster

	@Override
	public String getNodeId() {
		return this.nodeId;
	}

	@Override
	public @Nullable String getFailure() {
		return this.failure;
	}

	@Override
	public long getPublished() {
		return this.published.sum();
	}

	@Override
	public long getReceived() {
		return this.received.sum();
	}

	@Override
	public long getPublishFailures() {
		return this.publishFailures.sum();
	}

	/**
	 * Return the TTL of directory entries.
	 * @return the TTL
	 */
	public Duration getTtl() {
		return this.ttl;
	}

	// --- SmartLifecycle

	/**
	 * Subscribe, start refreshing the directory, and retry the subscription with every
	 * refresh until it succeeds, so that an instance starts even while Redis is down.
	 */
	@Override
	public void start() {
		ThreadPoolTaskExecutor commandExecutor = new ThreadPoolTaskExecutorBuilder().corePoolSize(1)
			.maxPoolSize(1)
			.queueCapacity(COMMAND_QUEUE_CAPACITY)
			.threadNamePrefix(THREAD_NAME_PREFIX + "commands-")
			.build();
		commandExecutor.setDaemon(true);
		commandExecutor.initialize();
		this.commandExecutor = commandExecutor;
		this.commands = Schedulers.fromExecutor(commandExecutor);
		ThreadPoolTaskExecutor dispatcher = new ThreadPoolTaskExecutor();
		dispatcher.setCorePoolSize(1);
		dispatcher.setMaxPoolSize(1);
		dispatcher.setThreadNamePrefix(THREAD_NAME_PREFIX + "dispatch-");
		dispatcher.initialize();
		this.dispatcher = dispatcher;
		this.running = true;
		subscribe();
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix(THREAD_NAME_PREFIX + "refresh-");
		scheduler.initialize();
		scheduler.scheduleAtFixedRate(() -> {
			if (this.container == null) {
				subscribe();
			}
			refresh();
		}, Duration.ofMillis(Math.max(100, this.ttl.toMillis() / 3)));
		this.scheduler = scheduler;
	}

	/**
	 * Start a listener container on the broadcast channel and this node's channel. Once
	 * subscribed, Lettuce resubscribes by itself after a reconnect, and the container
	 * recovers a subscription that fails; a container whose first subscription failed is
	 * discarded and the next refresh tries a new one.
	 */
	private void subscribe() {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(this.connectionFactory);
		// One thread delivers in the order messages were published.
		container.setTaskExecutor(required(this.dispatcher));
		container.setRecoveryBackoff(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS));
		container.setBeanName(THREAD_NAME_PREFIX + "listener");
		container.addMessageListener(this,
				List.of(new ChannelTopic(this.broadcastChannel), new ChannelTopic(nodeChannel(this.nodeId))));
		container.afterPropertiesSet();
		try {
			container.start();
		}
		catch (RuntimeException ex) {
			failed("subscribe", ex);
			discard(container);
			return;
		}
		if (this.running) {
			this.container = container;
		}
		else {
			discard(container);
		}
	}

	private void discard(RedisMessageListenerContainer container) {
		try {
			container.stop();
			container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Failed to stop a cluster listener container", ex);
		}
	}

	/**
	 * Stop refreshing, remove this node's directory entries and unsubscribe.
	 */
	@Override
	public void stop() {
		this.running = false;
		ThreadPoolTaskScheduler scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdown();
			this.scheduler = null;
		}
		List<String> keys = new ArrayList<>();
		keys.add(nodeKey(this.nodeId));
		LocalSessions sessions = this.sessions;
		Map<String, List<String>> members = directoryMembers(sessions);
		if (sessions != null) {
			sessions.sessionIds().forEach((id) -> keys.add(sessionKey(id)));
		}
		try {
			this.strings.delete(Flux.fromIterable(keys))
				.thenMany(Flux.fromIterable(members.entrySet())
					.flatMap((entry) -> this.strings.opsForZSet().remove(entry.getKey(), entry.getValue().toArray()),
							64))
				.then(this.strings.opsForSet().remove(nodesKey(), this.nodeId))
				.timeout(this.commandTimeout)
				.block();
		}
		catch (RuntimeException ex) {
			logger.info("Lifeline cluster node " + this.nodeId
					+ " could not remove its directory entries; they expire within " + this.ttl + ": " + reason(ex));
		}
		RedisMessageListenerContainer container = this.container;
		if (container != null) {
			discard(container);
			this.container = null;
		}
		ThreadPoolTaskExecutor dispatcher = this.dispatcher;
		if (dispatcher != null) {
			dispatcher.shutdown();
			this.dispatcher = null;
		}
		ThreadPoolTaskExecutor commandExecutor = this.commandExecutor;
		this.commands = Schedulers.immediate();
		if (commandExecutor != null) {
			commandExecutor.shutdown();
			this.commandExecutor = null;
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

}
