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

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.Executables;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

import static dev.lifeline.cluster.ClusterNodes.port;
import static dev.lifeline.cluster.ClusterNodes.sessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances share one real Redis: messages for a user or a group, and the close of a
 * user's sessions, reach the sessions on both instances exactly once; a session is joined
 * to and removed from a group from either instance; the directory keeps users and groups
 * under the TTL of sessions.
 */
class ClusterUsersAndGroupsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String PREFIX = "lifeline-users:";

	private static RedisServerProcess redis;

	private static ClusterNodes nodes;

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void startCluster() throws Exception {
		Executables.assumeInstalled(RedisServerProcess.isInstalled(), RedisServerProcess.NOT_INSTALLED);
		redis = RedisServerProcess.start();
		nodes = new ClusterNodes(redis, PREFIX);
		a = nodes.start("node-a", "lifeline.max-groups-per-session=2");
		b = nodes.start("node-b", "lifeline.max-groups-per-session=2");
	}

	@AfterAll
	static void stopCluster() throws Exception {
		if (nodes != null) {
			nodes.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@AfterEach
	void everySessionLeftTheDirectory() {
		await().atMost(TIMEOUT).until(() -> sessions(a).count() == 0 && sessions(b).count() == 0);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(redis().keys(PREFIX + "user:*")).isEmpty());
		assertThat(redis().keys(PREFIX + "group:*")).isEmpty();
	}

	@Test
	void sendToUserReachesEverySessionOfTheUserOnEveryInstanceExactlyOnce() throws Exception {
		try (JdkWebSocketClient aliceOnA = connect(a, "alice");
				JdkWebSocketClient aliceOnB = connect(b, "alice");
				JdkWebSocketClient secondAliceOnB = connect(b, "alice");
				JdkWebSocketClient bobOnB = connect(b, "bob")) {
			await().atMost(TIMEOUT).until(() -> sessions(a).count() == 1 && sessions(b).count() == 3);
			awaitDirectory("user:alice", 3);
			assertThat(sessions(a).sendToUser("alice", new TextMessage("from a")).queued()).isOne();
			assertThat(sessions(b).sendToUser("alice", new TextMessage("from b")).queued()).isEqualTo(2);
			sessions(a).broadcast(new TextMessage("end from a"));
			sessions(b).broadcast(new TextMessage("end from b"));
			for (JdkWebSocketClient client : List.of(aliceOnA, aliceOnB, secondAliceOnB, bobOnB)) {
				await().atMost(TIMEOUT).until(() -> client.received().containsAll(List.of("end from a", "end from b")));
			}
			for (JdkWebSocketClient alice : List.of(aliceOnA, aliceOnB, secondAliceOnB)) {
				assertThat(Collections.frequency(alice.received(), "from a")).isOne();
				assertThat(Collections.frequency(alice.received(), "from b")).isOne();
			}
			assertThat(bobOnB.received()).doesNotContain("from a", "from b");
			assertThat(sessions(a).userCount()).isOne();
			assertThat(sessions(b).userCount()).isEqualTo(2);
		}
	}

	@Test
	void closeUserClosesTheSessionsOfTheUserOnEveryInstance() throws Exception {
		try (JdkWebSocketClient aliceOnA = connect(a, "alice");
				JdkWebSocketClient aliceOnB = connect(b, "alice");
				JdkWebSocketClient bobOnB = connect(b, "bob")) {
			await().atMost(TIMEOUT).until(() -> sessions(a).count() == 1 && sessions(b).count() == 2);
			assertThat(sessions(a).closeUser("alice", new CloseStatus(4003, "Account disabled"))).isOne();
			assertThat(aliceOnA.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(4003);
			assertThat(aliceOnB.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(4003);
			assertThat(aliceOnB.closeReason()).isEqualTo("Account disabled");
			await().atMost(TIMEOUT).until(() -> sessions(b).count() == 1);
			assertThat(bobOnB.isClosed()).isFalse();
			assertThat(sessions(b).findByUser("bob")).hasSize(1);
		}
	}

	@Test
	void sendToGroupReachesEveryMemberOnEveryInstanceExactlyOnceAndJoinsWorkFromEitherInstance() throws Exception {
		try (JdkWebSocketClient aliceOnA = connect(a, "alice");
				JdkWebSocketClient bobOnB = connect(b, "bob");
				JdkWebSocketClient carolOnB = connect(b, "carol");
				JdkWebSocketClient daveOnB = connect(b, "dave")) {
			await().atMost(TIMEOUT).until(() -> sessions(a).count() == 1 && sessions(b).count() == 3);
			awaitDirectory("user:dave", 1);
			String alice = only(sessions(a), "alice");
			String bob = only(sessions(b), "bob");
			String carol = only(sessions(b), "carol");
			assertThat(sessions(a).join(alice, "room")).isTrue();
			// Bob's session lives on b: a hands the join to b.
			assertThat(sessions(a).join(bob, "room")).isTrue();
			assertThat(sessions(b).join(carol, "room")).isTrue();
			await().atMost(TIMEOUT).until(() -> sessions(b).getGroups(bob).contains("room"));
			assertThat(sessions(b).findByGroup("room")).extracting(LifelineSession::getId)
				.containsExactlyInAnyOrder(bob, carol);
			awaitDirectory("group:room", 3);

			assertThat(sessions(a).sendToGroup("room", new TextMessage("not to alice"), alice).total()).isZero();
			assertThat(sessions(b).sendToGroup("room", new TextMessage("to the room")).queued()).isEqualTo(2);
			// Each instance's messages arrive in order; an end marker from each says all
			// did.
			sessions(a).broadcast(new TextMessage("end from a"));
			sessions(b).broadcast(new TextMessage("end from b"));
			for (JdkWebSocketClient client : List.of(aliceOnA, bobOnB, carolOnB, daveOnB)) {
				await().atMost(TIMEOUT).until(() -> client.received().containsAll(List.of("end from a", "end from b")));
			}
			assertThat(aliceOnA.received()).containsExactlyInAnyOrder("to the room", "end from a", "end from b");
			assertThat(bobOnB.received()).containsExactlyInAnyOrder("not to alice", "to the room", "end from a",
					"end from b");
			assertThat(carolOnB.received()).containsExactlyInAnyOrder("not to alice", "to the room", "end from a",
					"end from b");
			assertThat(daveOnB.received()).containsExactlyInAnyOrder("end from a", "end from b");

			// Bob leaves through a; then a group message no longer reaches him.
			assertThat(sessions(a).leave(bob, "room")).isTrue();
			await().atMost(TIMEOUT).until(() -> sessions(b).getGroups(bob).isEmpty());
			awaitDirectory("group:room", 2);
			sessions(a).sendToGroup("room", new TextMessage("after bob left"));
			sessions(a).broadcast(new TextMessage("end again"));
			await().atMost(TIMEOUT).until(() -> bobOnB.received().contains("end again"));
			await().atMost(TIMEOUT).until(() -> carolOnB.received().contains("end again"));
			assertThat(bobOnB.received()).doesNotContain("after bob left");
			assertThat(carolOnB.received()).contains("after bob left");
		}
	}

	@Test
	void aJoinFromAnotherInstanceRespectsTheGroupLimit() throws Exception {
		try (JdkWebSocketClient bobOnB = connect(b, "bob")) {
			await().atMost(TIMEOUT).until(() -> sessions(b).count() == 1);
			awaitDirectory("user:bob", 1);
			String bob = only(sessions(b), "bob");
			sessions(a).join(bob, "one");
			sessions(a).join(bob, "two");
			sessions(a).join(bob, "three");
			sessions(a).join(bob, "four");
			await().atMost(TIMEOUT).until(() -> sessions(b).getGroups(bob).size() == 2);
			// The joins travel in order on b's channel: the last two found the limit.
			sessions(b).broadcast(new TextMessage("sync"));
			await().atMost(TIMEOUT).until(() -> bobOnB.received().contains("sync"));
			assertThat(sessions(b).getGroups(bob)).containsExactly("one", "two");
		}
	}

	@Test
	void theDirectoryKeepsUsersAndGroupsUnderTheTtlAndForgetsThemOnClose() throws Exception {
		StringRedisTemplate redis = redis();
		String ghostKey = PREFIX + "group:room";
		try (JdkWebSocketClient aliceOnA = connect(a, "alice")) {
			await().atMost(TIMEOUT).until(() -> sessions(a).count() == 1);
			String alice = only(sessions(a), "alice");
			sessions(a).join(alice, "room");
			awaitDirectory("user:alice", 1);
			awaitDirectory("group:room", 1);
			assertThat(redis.opsForZSet().range(PREFIX + "user:alice", 0, -1)).containsExactly(alice);
			assertThat(redis.getExpire(PREFIX + "user:alice")).isBetween(1L, 3L);
			assertThat(redis.getExpire(ghostKey)).isBetween(1L, 3L);
			double score = redis.opsForZSet().score(ghostKey, alice);
			assertThat(score).isBetween((double) System.currentTimeMillis(), System.currentTimeMillis() + 3_001.0);
			// An entry of a node that crashed is not refreshed and is dropped once
			// expired,
			// although the key lives on with the live node's entries.
			redis.opsForZSet().add(ghostKey, "ghost", System.currentTimeMillis() - 1);
			await().atMost(TIMEOUT).until(() -> redis.opsForZSet().score(ghostKey, "ghost") == null);
			assertThat(redis.opsForZSet().range(ghostKey, 0, -1)).containsExactly(alice);
			sessions(a).leave(alice, "room");
			await().atMost(TIMEOUT).until(() -> !redis.hasKey(ghostKey));
			sessions(a).join(alice, "room");
			awaitDirectory("group:room", 1);
		}
		await().atMost(TIMEOUT).until(() -> !redis.hasKey(ghostKey) && !redis.hasKey(PREFIX + "user:alice"));
	}

	private static JdkWebSocketClient connect(ConfigurableApplicationContext node, String user) {
		return JdkWebSocketClient.connect(port(node), "/ws?user=" + user);
	}

	private static String only(WebSocketSessions sessions, String user) {
		List<LifelineSession> found = sessions.findByUser(user);
		assertThat(found).hasSize(1);
		return found.get(0).getId();
	}

	private static StringRedisTemplate redis() {
		return a.getBean(StringRedisTemplate.class);
	}

	private static void awaitDirectory(String key, int entries) {
		await().atMost(TIMEOUT).until(() -> {
			Set<String> members = redis().opsForZSet().range(PREFIX + key, 0, -1);
			return members != null && members.size() == entries;
		});
	}

}
