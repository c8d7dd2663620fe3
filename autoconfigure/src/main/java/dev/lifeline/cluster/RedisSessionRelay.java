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

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.GroupLimitExceededException;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.relay.LocalSessions;
import dev.lifeline.server.relay.SessionRelay;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * {@link SessionRelay} over Redis publish/subscribe: {@link WebSocketSessions#broadcast
 * broadcast}, {@link WebSocketSessions#send send}, {@link WebSocketSessions#close close}
 * and the operations on users and groups reach sessions wherever they live.
 * <p>
 * Broadcasts are published on the broadcast channel that every node subscribes to, before
 * the local fan-out; a node ignores its own, which it delivers locally. A message for a
 * user or a group, and a close of a user's sessions, travel on the broadcast channel too:
 * each node delivers to its own sessions of the user or members of the group, so each
 * session gets it exactly once. A message, close, join or leave for one session is
 * published on the channel of the node that holds it, found in the
 * {@link RedisSessionDirectory}.
 * <p>
 * Nothing waits for Redis: a broadcast is published in the background, and a
 * {@code send}, {@code close}, {@code join} or {@code leave} for a session that is not
 * local completes its future within the command timeout, on a Redis client thread.
 * Commands are issued on the cluster's command thread, in order. While Redis is
 * unreachable local delivery goes on and failed publishes are counted. What other
 * instances publish arrives on the cluster's dispatch thread, in order, and only queues
 * messages in the local sessions, so it never waits on a local peer.
 *
 * @author Lifeline contributors
 */
public final class RedisSessionRelay implements SessionRelay, MessageListener {

	private static final Log logger = LogFactory.getLog(RedisSessionRelay.class);

	private final ReactiveRedisTemplate<String, byte[]> bytes;

	private final RedisKeys keys;

	private final String nodeId;

	private final Duration commandTimeout;

	private final RedisSessionDirectory directory;

	private final ClusterExecutors executors;

	private final RedisStatus status;

	private final LongAdder published = new LongAdder();

	private final LongAdder received = new LongAdder();

	private final LongAdder publishFailures = new LongAdder();

	private volatile @Nullable LocalSessions sessions;

	private volatile boolean running;

	RedisSessionRelay(ReactiveRedisTemplate<String, byte[]> bytes, RedisKeys keys, String nodeId,
			Duration commandTimeout, RedisSessionDirectory directory, ClusterExecutors executors, RedisStatus status) {
		this.bytes = bytes;
		this.keys = keys;
		this.nodeId = nodeId;
		this.commandTimeout = commandTimeout;
		this.directory = directory;
		this.executors = executors;
		this.status = status;
	}

	/**
	 * Start handing operations to other instances; until then, and after {@link #stop()},
	 * they are dropped and futures complete with {@code false}.
	 */
	void start() {
		this.running = true;
	}

	void stop() {
		this.running = false;
	}

	@Override
	public void attach(LocalSessions sessions) {
		this.sessions = sessions;
	}

	/**
	 * Return the sessions this relay delivers into.
	 * @return the local sessions, or {@code null} until attached
	 */
	@Nullable LocalSessions getLocalSessions() {
		return this.sessions;
	}

	@Override
	public void broadcast(WebSocketMessage<?> message) {
		if (this.running && ClusterMessageCodec.isSupported(message)) {
			publish(new ClusterMessage.Broadcast(this.nodeId, message));
		}
	}

	@Override
	public CompletableFuture<Boolean> send(String sessionId, WebSocketMessage<?> message) {
		if (!this.running || !ClusterMessageCodec.isSupported(message)) {
			return CompletableFuture.completedFuture(false);
		}
		return forward(sessionId, new ClusterMessage.SendToSession(this.nodeId, sessionId, message));
	}

	@Override
	public CompletableFuture<Boolean> close(String sessionId, CloseStatus status, CloseCause cause) {
		if (!this.running) {
			return CompletableFuture.completedFuture(false);
		}
		return forward(sessionId, new ClusterMessage.CloseSession(this.nodeId, sessionId, status, cause));
	}

	@Override
	public void sendToUser(String user, WebSocketMessage<?> message) {
		if (this.running && ClusterMessageCodec.isSupported(message)) {
			publish(new ClusterMessage.SendToUser(this.nodeId, user, message));
		}
	}

	@Override
	public void sendToGroup(String group, WebSocketMessage<?> message, @Nullable String exceptSessionId) {
		if (this.running && ClusterMessageCodec.isSupported(message)) {
			publish(new ClusterMessage.SendToGroup(this.nodeId, group, message, exceptSessionId));
		}
	}

	@Override
	public void closeUser(String user, CloseStatus status, CloseCause cause) {
		if (this.running) {
			publish(new ClusterMessage.CloseUser(this.nodeId, user, status, cause));
		}
	}

	@Override
	public CompletableFuture<Boolean> join(String sessionId, String group) {
		if (!this.running) {
			return CompletableFuture.completedFuture(false);
		}
		return forward(sessionId, new ClusterMessage.Join(this.nodeId, sessionId, group));
	}

	@Override
	public CompletableFuture<Boolean> leave(String sessionId, String group) {
		if (!this.running) {
			return CompletableFuture.completedFuture(false);
		}
		return forward(sessionId, new ClusterMessage.Leave(this.nodeId, sessionId, group));
	}

	@Override
	public void joined(String sessionId, String group) {
		this.directory.joined(sessionId, group);
	}

	@Override
	public void left(String sessionId, Set<String> groups) {
		this.directory.left(sessionId, groups);
	}

	/**
	 * Publish on the broadcast channel in the background.
	 */
	private void publish(ClusterMessage message) {
		byte[] payload = ClusterMessageCodec.encode(message);
		this.bytes.convertAndSend(this.keys.broadcastChannel(), payload)
			.timeout(this.commandTimeout)
			.subscribeOn(this.executors.commands())
			.subscribe((receivers) -> published(), this::publishFailed);
	}

	/**
	 * Look up the node holding a session and publish to its channel, both bounded by the
	 * command timeout. Nothing waits: the future completes on a Redis client thread.
	 */
	private CompletableFuture<Boolean> forward(String sessionId, ClusterMessage message) {
		byte[] payload = ClusterMessageCodec.encode(message);
		return this.directory.nodeOf(sessionId)
			.filter((node) -> !node.equals(this.nodeId))
			.flatMap((node) -> this.bytes.convertAndSend(this.keys.nodeChannel(node), payload))
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
			.subscribeOn(this.executors.commands())
			.toFuture();
	}

	private void published() {
		this.published.increment();
		this.status.succeeded();
	}

	private void publishFailed(Throwable ex) {
		this.publishFailures.increment();
		this.status.failed("publish", ex);
	}

	/**
	 * Deliver what another instance published into the local sessions; a node's own
	 * messages, which it delivered locally, are ignored.
	 */
	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		ClusterMessage received;
		try {
			received = ClusterMessageCodec.decode(message.getBody());
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Lifeline cluster node " + this.nodeId + " ignored a message on "
					+ new String(message.getChannel()) + ": " + ex.getMessage());
			return;
		}
		LocalSessions sessions = this.sessions;
		if (received.origin().equals(this.nodeId) || sessions == null) {
			return;
		}
		this.received.increment();
		try {
			received.deliverTo(sessions);
		}
		catch (GroupLimitExceededException ex) {
			logger.warn("Lifeline cluster node " + this.nodeId + " refused a join from another instance: "
					+ ex.getMessage());
		}
	}

	long getPublished() {
		return this.published.sum();
	}

	long getReceived() {
		return this.received.sum();
	}

	long getPublishFailures() {
		return this.publishFailures.sum();
	}

}
