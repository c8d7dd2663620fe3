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

package dev.lifeline.cluster;

import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.SessionClosure;
import dev.lifeline.server.SessionLifecycleListener;
import dev.lifeline.server.relay.LocalSessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;

/**
 * The cluster's directory in Redis: which node holds each session, the sessions of each
 * user and the members of each group, and the live nodes (see {@link RedisKeys} for the
 * layout). Each node writes and removes its own entries as its sessions open, join, leave
 * and close.
 * <p>
 * Every entry expires unless refreshed: a session key carries the directory TTL; a user's
 * or group's sorted set is shared by the nodes, so each entry is scored with the time
 * (epoch milliseconds) it expires and the key carries the TTL too. The
 * {@linkplain #refresh heartbeat}, every third of the TTL, rewrites this node's entries,
 * drops the expired entries that a crashed node left behind, and rewrites this node's
 * hash of its session count and heartbeat time, so that the entries of a node that
 * crashed expire by themselves and those lost when Redis restarts empty come back.
 * <p>
 * Updates are issued in the background, bounded by the command timeout; only
 * {@link #getNodes()} and {@link #removeEntries} wait for Redis.
 *
 * @author Lifeline contributors
 */
public final class RedisSessionDirectory implements SessionLifecycleListener {

	private static final Log logger = LogFactory.getLog(RedisSessionDirectory.class);

	private static final String SESSIONS_FIELD = "sessions";

	private static final String HEARTBEAT_FIELD = "heartbeatAt";

	private static final int CONCURRENCY = 64;

	private final ReactiveStringRedisTemplate strings;

	private final RedisKeys keys;

	private final String nodeId;

	private final Duration ttl;

	private final Duration commandTimeout;

	private final ClusterExecutors executors;

	private final RedisStatus status;

	private final Clock clock;

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private volatile boolean running;

	RedisSessionDirectory(ReactiveStringRedisTemplate strings, RedisKeys keys, String nodeId, Duration ttl,
			Duration commandTimeout, ClusterExecutors executors, RedisStatus status, Clock clock) {
		this.strings = strings;
		this.keys = keys;
		this.nodeId = nodeId;
		this.ttl = ttl;
		this.commandTimeout = commandTimeout;
		this.executors = executors;
		this.status = status;
		this.clock = clock;
	}

	/**
	 * Start recording sessions that open and groups they join.
	 */
	void start() {
		this.running = true;
	}

	/**
	 * Stop recording sessions that open and groups they join, and stop refreshing; closes
	 * and leaves are still removed.
	 */
	void stop() {
		this.running = false;
	}

	@Override
	public void sessionOpened(LifelineSession session) {
		if (this.running) {
			Mono<?> update = this.strings.opsForValue().set(this.keys.session(session.getId()), this.nodeId, this.ttl);
			String user = session.getPrincipalName();
			if (user != null) {
				update = update.then(addMembers(this.keys.user(user), List.of(session.getId()), expiresAt()));
			}
			update(update);
		}
	}

	@Override
	public void sessionClosed(LifelineSession session, SessionClosure closed) {
		Mono<?> update = this.strings.delete(this.keys.session(session.getId()));
		String user = session.getPrincipalName();
		if (user != null) {
			update = update.then(this.strings.opsForZSet().remove(this.keys.user(user), session.getId()));
		}
		update(update);
	}

	/**
	 * Record that a session of this node joined a group.
	 * @param sessionId the session id
	 * @param group the group name
	 */
	void joined(String sessionId, String group) {
		if (this.running) {
			update(addMembers(this.keys.group(group), List.of(sessionId), expiresAt()));
		}
	}

	/**
	 * Record that a session of this node left groups.
	 * @param sessionId the session id
	 * @param groups the groups it left
	 */
	void left(String sessionId, Set<String> groups) {
		update(Flux.fromIterable(groups)
			.flatMap((group) -> this.strings.opsForZSet().remove(this.keys.group(group), sessionId))
			.then());
	}

	/**
	 * Look up the node that holds a session. Not bounded by the command timeout, so that
	 * the caller bounds the lookup and what it does next together.
	 * @param sessionId the session id
	 * @return the node id, or empty if no node is known to hold the session
	 */
	Mono<String> nodeOf(String sessionId) {
		return this.strings.opsForValue().get(this.keys.session(sessionId));
	}

	private void update(Mono<?> update) {
		update.timeout(this.commandTimeout).subscribeOn(this.executors.commands()).subscribe((ok) -> {
		}, (ex) -> this.status.failed("directory update", ex));
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
			.removeRangeByScore(key, Range.closed(Double.NEGATIVE_INFINITY, (double) this.clock.millis()))
			.then(addMembers(key, sessionIds, expiresAt));
	}

	private double expiresAt() {
		return this.clock.millis() + this.ttl.toMillis();
	}

	/**
	 * Rewrite this node's directory entries with a fresh TTL, and its hash with its
	 * session count and the time. Skipped while the previous refresh is still running.
	 * @param sessions the sessions of this node, or {@code null} if none are attached
	 */
	void refresh(@Nullable LocalSessions sessions) {
		if (!this.running || !this.refreshing.compareAndSet(false, true)) {
			return;
		}
		List<String> ids = (sessions != null) ? sessions.sessionIds().toList() : List.of();
		Map<String, List<String>> members = members(sessions);
		double expiresAt = expiresAt();
		Flux.fromIterable(ids)
			.flatMap((id) -> this.strings.opsForValue()
				.set(this.keys.session(id), this.nodeId, this.ttl)
				.timeout(this.commandTimeout), CONCURRENCY)
			.thenMany(Flux.fromIterable(members.entrySet())
				.flatMap((entry) -> refreshMembers(entry.getKey(), entry.getValue(), expiresAt)
					.timeout(this.commandTimeout), CONCURRENCY))
			.then(this.strings.opsForHash()
				.putAll(this.keys.node(this.nodeId),
						Map.of(SESSIONS_FIELD, Integer.toString(ids.size()), HEARTBEAT_FIELD,
								Long.toString(this.clock.millis())))
				.then(this.strings.expire(this.keys.node(this.nodeId), this.ttl))
				.then(this.strings.opsForSet().add(this.keys.nodes(), this.nodeId))
				.timeout(this.commandTimeout))
			.doFinally((signal) -> this.refreshing.set(false))
			.subscribe((added) -> {
			}, (ex) -> this.status.failed("directory refresh", ex), this.status::succeeded);
	}

	/**
	 * Remove this node's entries, waiting at most for the command timeout; those left
	 * expire within the TTL.
	 * @param sessions the sessions of this node, or {@code null} if none are attached
	 */
	void removeEntries(@Nullable LocalSessions sessions) {
		List<String> keys = new ArrayList<>();
		keys.add(this.keys.node(this.nodeId));
		if (sessions != null) {
			sessions.sessionIds().forEach((id) -> keys.add(this.keys.session(id)));
		}
		Map<String, List<String>> members = members(sessions);
		try {
			this.strings.delete(Flux.fromIterable(keys))
				.thenMany(Flux.fromIterable(members.entrySet())
					.flatMap((entry) -> this.strings.opsForZSet().remove(entry.getKey(), entry.getValue().toArray()),
							CONCURRENCY))
				.then(this.strings.opsForSet().remove(this.keys.nodes(), this.nodeId))
				.timeout(this.commandTimeout)
				.block();
		}
		catch (RuntimeException ex) {
			logger.info("Lifeline cluster node " + this.nodeId
					+ " could not remove its directory entries; they expire within " + this.ttl + ": "
					+ this.status.reason(ex));
		}
	}

	/**
	 * Query the live nodes, forgetting those whose entry expired. Waits at most for the
	 * command timeout.
	 * @return the nodes, ordered by id
	 */
	List<ClusterNode> getNodes() {
		try {
			List<ClusterNode> nodes = this.strings.opsForSet()
				.members(this.keys.nodes())
				.flatMap((id) -> this.strings.<String, String>opsForHash()
					.entries(this.keys.node(id))
					.collectMap(Map.Entry::getKey, Map.Entry::getValue)
					.flatMap((fields) -> describe(id, fields)))
				.collectList()
				.timeout(this.commandTimeout)
				.block();
			List<ClusterNode> result = new ArrayList<>((nodes != null) ? nodes : List.of());
			result.sort(Comparator.comparing(ClusterNode::id));
			this.status.succeeded();
			return result;
		}
		catch (RuntimeException ex) {
			this.status.failed("query", ex);
			throw ex;
		}
	}

	private Mono<ClusterNode> describe(String id, Map<String, String> fields) {
		String sessions = fields.get(SESSIONS_FIELD);
		String heartbeat = fields.get(HEARTBEAT_FIELD);
		if (sessions == null || heartbeat == null) {
			// The node's entry expired: it stopped without saying goodbye.
			return this.strings.opsForSet().remove(this.keys.nodes(), id).then(Mono.empty());
		}
		return Mono
			.just(new ClusterNode(id, Integer.parseInt(sessions), Instant.ofEpochMilli(Long.parseLong(heartbeat))));
	}

	/**
	 * Return this node's sessions of each user and members of each group, by key.
	 */
	private Map<String, List<String>> members(@Nullable LocalSessions sessions) {
		Map<String, List<String>> members = new LinkedHashMap<>();
		if (sessions != null) {
			sessions.userSessionIds().forEach((user, ids) -> members.put(this.keys.user(user), ids));
			sessions.groupSessionIds().forEach((group, ids) -> members.put(this.keys.group(group), ids));
		}
		return members;
	}

}
