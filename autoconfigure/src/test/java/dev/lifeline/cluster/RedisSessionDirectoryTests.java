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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import dev.lifeline.test.Executables;
import dev.lifeline.test.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisSessionDirectory} against a real {@code redis-server}: the keys
 * it writes are those the other nodes read, with the TTL and scores that let a crashed
 * node's entries expire. The clock is fixed, so that scores and heartbeat times are
 * exact; the threads are not started, so that updates are issued on the caller's thread.
 */
class RedisSessionDirectoryTests {

	private static final Duration TTL = Duration.ofSeconds(3);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final String PREFIX = "directory-test:";

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static RedisServerProcess redis;

	private static LettuceConnectionFactory connectionFactory;

	private final StringRedisTemplate redisTemplate = new StringRedisTemplate(connectionFactory);

	private final RedisStatus status = new RedisStatus("node-a", TIMEOUT);

	private final RedisSessionDirectory directory = new RedisSessionDirectory(
			new ReactiveStringRedisTemplate(connectionFactory), new RedisKeys(PREFIX), "node-a", TTL, TIMEOUT,
			new ClusterExecutors("directory-test-"), this.status, Clock.fixed(NOW, ZoneOffset.UTC));

	private final TestLocalSessions sessions = new TestLocalSessions();

	@BeforeAll
	static void startRedis() throws Exception {
		Executables.assumeInstalled(RedisServerProcess.isInstalled(), RedisServerProcess.NOT_INSTALLED);
		redis = RedisServerProcess.start();
		connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
	}

	@AfterAll
	static void stopRedis() throws Exception {
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@BeforeEach
	void emptyRedis() {
		this.redisTemplate.execute((connection) -> {
			connection.serverCommands().flushAll();
			return null;
		}, true);
		this.directory.start();
	}

	@Test
	void refreshWritesThisNodesSessionsUsersGroupsAndHeartbeatUnderTheTtl() {
		this.sessions.open("s1", "alice", "room");
		this.sessions.open("s2", null, "room");
		this.directory.refresh(this.sessions);
		await().atMost(TIMEOUT).until(() -> this.redisTemplate.hasKey(PREFIX + "nodes"));
		assertThat(this.redisTemplate.opsForValue().get(PREFIX + "session:s1")).isEqualTo("node-a");
		assertThat(this.redisTemplate.opsForValue().get(PREFIX + "session:s2")).isEqualTo("node-a");
		assertThat(this.redisTemplate.getExpire(PREFIX + "session:s1")).isBetween(1L, 3L);
		double expiresAt = NOW.toEpochMilli() + TTL.toMillis();
		assertThat(this.redisTemplate.opsForZSet().score(PREFIX + "user:alice", "s1")).isEqualTo(expiresAt);
		assertThat(this.redisTemplate.opsForZSet().range(PREFIX + "group:room", 0, -1)).containsExactlyInAnyOrder("s1",
				"s2");
		assertThat(this.redisTemplate.getExpire(PREFIX + "group:room")).isBetween(1L, 3L);
		assertThat(this.redisTemplate.<String, String>opsForHash().entries(PREFIX + "node:node-a"))
			.containsEntry("sessions", "2")
			.containsEntry("heartbeatAt", Long.toString(NOW.toEpochMilli()));
		assertThat(this.redisTemplate.getExpire(PREFIX + "node:node-a")).isBetween(1L, 3L);
		assertThat(this.directory.getNodes()).containsExactly(new ClusterNode("node-a", 2, NOW));
		assertThat(this.directory.nodeOf("s1").block(TIMEOUT)).isEqualTo("node-a");
		assertThat(this.directory.nodeOf("elsewhere").blockOptional(TIMEOUT)).isEmpty();
	}

	@Test
	void refreshDropsTheExpiredEntriesOfACrashedNodeAndKeepsThoseOfLiveNodes() {
		String room = PREFIX + "group:room";
		this.redisTemplate.opsForZSet().add(room, "ghost", NOW.toEpochMilli() - 1);
		this.redisTemplate.opsForZSet().add(room, "on-node-b", NOW.toEpochMilli() + 1_000);
		this.sessions.open("s1", null, "room");
		this.directory.refresh(this.sessions);
		await().atMost(TIMEOUT).until(() -> this.redisTemplate.opsForZSet().score(room, "ghost") == null);
		assertThat(this.redisTemplate.opsForZSet().range(room, 0, -1)).containsExactlyInAnyOrder("s1", "on-node-b");
	}

	@Test
	void joinedAndLeftFollowTheGroupsOfThisNodesSessions() {
		String room = PREFIX + "group:room";
		this.directory.joined("s1", "room");
		this.directory.joined("s2", "room");
		await().atMost(TIMEOUT).until(() -> this.redisTemplate.opsForZSet().size(room) == 2);
		assertThat(this.redisTemplate.getExpire(room)).isBetween(1L, 3L);
		this.directory.left("s1", Set.of("room"));
		await().atMost(TIMEOUT).until(() -> this.redisTemplate.opsForZSet().size(room) == 1);
		this.directory.left("s2", Set.of("room"));
		await().atMost(TIMEOUT).until(() -> !this.redisTemplate.hasKey(room));
	}

	@Test
	void nothingIsRecordedOrRefreshedOnceStoppedButLeavesAreStillRemoved() {
		String room = PREFIX + "group:room";
		this.directory.joined("s1", "room");
		await().atMost(TIMEOUT).until(() -> this.redisTemplate.hasKey(room));
		this.directory.stop();
		this.directory.joined("s2", "room");
		this.sessions.open("s3", null, null);
		this.directory.refresh(this.sessions);
		this.directory.left("s1", Set.of("room"));
		await().atMost(TIMEOUT).until(() -> !this.redisTemplate.hasKey(room));
		assertThat(this.redisTemplate.hasKey(PREFIX + "session:s3")).isFalse();
		assertThat(this.redisTemplate.hasKey(PREFIX + "nodes")).isFalse();
	}

	@Test
	void removeEntriesRemovesThisNodesEntriesOnly() {
		this.redisTemplate.opsForZSet().add(PREFIX + "user:alice", "on-node-b", NOW.toEpochMilli() + 1_000);
		this.redisTemplate.opsForSet().add(PREFIX + "nodes", "node-b");
		this.redisTemplate.opsForHash().put(PREFIX + "node:node-b", "sessions", "1");
		this.redisTemplate.opsForHash().put(PREFIX + "node:node-b", "heartbeatAt", "1");
		this.sessions.open("s1", "alice", "room");
		this.directory.refresh(this.sessions);
		await().atMost(TIMEOUT).until(() -> this.directory.getNodes().size() == 2);
		this.directory.removeEntries(this.sessions);
		assertThat(this.redisTemplate.hasKey(PREFIX + "session:s1")).isFalse();
		assertThat(this.redisTemplate.hasKey(PREFIX + "group:room")).isFalse();
		assertThat(this.redisTemplate.hasKey(PREFIX + "node:node-a")).isFalse();
		assertThat(this.redisTemplate.opsForZSet().range(PREFIX + "user:alice", 0, -1)).containsExactly("on-node-b");
		assertThat(this.directory.getNodes()).extracting(ClusterNode::id).containsExactly("node-b");
	}

	@Test
	void aNodeWhoseHashExpiredIsForgotten() {
		this.redisTemplate.opsForSet().add(PREFIX + "nodes", "crashed");
		assertThat(this.directory.getNodes()).isEmpty();
		assertThat(this.redisTemplate.opsForSet().isMember(PREFIX + "nodes", "crashed")).isFalse();
		assertThat(this.status.getFailure()).isEqualTo(RedisStatus.NOT_SUBSCRIBED);
	}

}
