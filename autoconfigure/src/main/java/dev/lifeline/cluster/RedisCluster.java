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

import dev.lifeline.server.engine.SessionDrain;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * This instance as a node of a cluster that shares one Redis: builds the
 * {@link RedisSessionRelay} and the {@link RedisSessionDirectory} on the application's
 * Lettuce connection, starts and stops them with the application, subscribes to the
 * cluster's channels, and runs the heartbeat that refreshes this node's directory entries
 * every third of the directory TTL and retries a subscription that failed, so that an
 * instance starts even while Redis is down. Lettuce reconnects and resubscribes when
 * Redis returns; {@link #getFailure()} says meanwhile why it cannot be reached.
 *
 * @author Lifeline contributors
 */
public class RedisCluster implements LifelineCluster, SmartLifecycle {

	/**
	 * Prefix of the names of the cluster's threads.
	 */
	public static final String THREAD_NAME_PREFIX = "lifeline-cluster-";

	/**
	 * Lifecycle phase: starts before the registry accepts sessions and stops after it
	 * closed them, so their directory entries are removed while Redis is still reachable.
	 */
	public static final int PHASE = SessionDrain.PHASE - 1;

	private final String nodeId;

	private final Duration ttl;

	private final ClusterExecutors executors = new ClusterExecutors(THREAD_NAME_PREFIX);

	private final RedisStatus status;

	private final RedisSessionDirectory directory;

	private final RedisSessionRelay relay;

	private final ClusterSubscription subscription;

	private volatile boolean running;

	/**
	 * Create a new cluster node.
	 * @param connectionFactory the application's Redis connection factory, which must
	 * also be a {@link ReactiveRedisConnectionFactory} (Lettuce is)
	 * @param nodeId the id of this instance, unique in the cluster
	 * @param prefix the prefix of every key and channel
	 * @param ttl how long directory entries live without a refresh
	 * @param commandTimeout the longest wait for a Redis command
	 */
	public RedisCluster(RedisConnectionFactory connectionFactory, String nodeId, String prefix, Duration ttl,
			Duration commandTimeout) {
		if (!(connectionFactory instanceof ReactiveRedisConnectionFactory reactive)) {
			throw new IllegalStateException("Lifeline's cluster support needs a Redis connection factory that is "
					+ "also reactive, such as Lettuce's (the default of spring-boot-starter-data-redis), but got "
					+ connectionFactory.getClass().getName());
		}
		this.nodeId = nodeId;
		this.ttl = ttl;
		this.status = new RedisStatus(nodeId, commandTimeout);
		RedisKeys keys = new RedisKeys(prefix);
		this.directory = new RedisSessionDirectory(new ReactiveStringRedisTemplate(reactive), keys, nodeId, ttl,
				commandTimeout, this.executors, this.status, Clock.systemUTC());
		ReactiveRedisTemplate<String, byte[]> bytes = new ReactiveRedisTemplate<>(reactive,
				RedisSerializationContext.<String, byte[]>newSerializationContext(RedisSerializer.string())
					.value(RedisSerializer.byteArray())
					.build());
		this.relay = new RedisSessionRelay(bytes, keys, nodeId, commandTimeout, this.directory, this.executors,
				this.status);
		this.subscription = new ClusterSubscription(connectionFactory, this.relay,
				List.of(keys.broadcastChannel(), keys.nodeChannel(nodeId)), this.executors, this.status,
				THREAD_NAME_PREFIX + "listener");
	}

	/**
	 * Return the relay that carries registry operations to the other nodes.
	 * @return the relay
	 */
	public RedisSessionRelay getRelay() {
		return this.relay;
	}

	/**
	 * Return the directory of the sessions, users and groups of every node.
	 * @return the directory
	 */
	public RedisSessionDirectory getDirectory() {
		return this.directory;
	}

	@Override
	public String getNodeId() {
		return this.nodeId;
	}

	@Override
	public List<ClusterNode> getNodes() {
		return this.directory.getNodes();
	}

	@Override
	public @Nullable String getFailure() {
		return this.status.getFailure();
	}

	@Override
	public long getPublished() {
		return this.relay.getPublished();
	}

	@Override
	public long getReceived() {
		return this.relay.getReceived();
	}

	@Override
	public long getPublishFailures() {
		return this.relay.getPublishFailures();
	}

	/**
	 * Return the TTL of directory entries.
	 * @return the TTL
	 */
	public Duration getTtl() {
		return this.ttl;
	}

	/**
	 * Start the threads, subscribe, and start the heartbeat.
	 */
	@Override
	public void start() {
		this.executors.start();
		this.directory.start();
		this.relay.start();
		this.running = true;
		this.subscription.start();
		this.executors.scheduleAtFixedRate(this::heartbeat, Duration.ofMillis(Math.max(100, this.ttl.toMillis() / 3)));
	}

	private void heartbeat() {
		this.subscription.subscribeIfNeeded();
		this.directory.refresh(this.relay.getLocalSessions());
	}

	/**
	 * Stop relaying and the heartbeat, remove this node's directory entries, unsubscribe,
	 * and stop the threads.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.relay.stop();
		this.directory.stop();
		this.executors.cancelScheduled();
		this.directory.removeEntries(this.relay.getLocalSessions());
		this.subscription.stop();
		this.executors.stop();
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
