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

import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.Executables;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

import static dev.lifeline.cluster.ClusterNodes.onlySessionId;
import static dev.lifeline.cluster.ClusterNodes.port;
import static dev.lifeline.cluster.ClusterNodes.read;
import static dev.lifeline.cluster.ClusterNodes.sessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of a chat-like application share one real Redis: broadcasts, sends and
 * closes reach sessions on either instance, and the directory follows the instances.
 */
class ClusterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String PREFIX = "lifeline-test:";

	private static RedisServerProcess redis;

	private static ClusterNodes nodes;

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void startCluster() throws Exception {
		Executables.assumeInstalled(RedisServerProcess.isInstalled(), RedisServerProcess.NOT_INSTALLED);
		redis = RedisServerProcess.start();
		nodes = new ClusterNodes(redis, PREFIX);
		a = nodes.start("node-a");
		b = nodes.start("node-b");
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

	@Test
	void broadcastFromASessionOnOneNodeReachesEveryClientExactlyOnce() throws Exception {
		try (JdkWebSocketClient onA = JdkWebSocketClient.connect(port(a), "/ws");
				JdkWebSocketClient firstOnB = JdkWebSocketClient.connect(port(b), "/ws");
				JdkWebSocketClient secondOnB = JdkWebSocketClient.connect(port(b), "/ws")) {
			await().atMost(TIMEOUT).until(() -> sessions(a).count() == 1 && sessions(b).count() == 2);
			awaitDirectory(3);
			onA.send("hello");
			onA.send("end");
			for (JdkWebSocketClient client : List.of(onA, firstOnB, secondOnB)) {
				await().atMost(TIMEOUT).until(() -> client.received().contains("end"));
				assertThat(client.received()).containsExactly("hello", "end");
			}
			firstOnB.send("reply");
			await().atMost(TIMEOUT).until(() -> onA.received().contains("reply"));
			assertThat(Collections.frequency(onA.received(), "reply")).isOne();
		}
	}

	@Test
	void binaryBroadcastStaysBinary() throws Exception {
		byte[] payload = { 0, 1, 2, (byte) 0xff };
		try (RawWebSocketClient onB = RawWebSocketClient.connect(port(b), "/ws")) {
			await().atMost(TIMEOUT).until(() -> sessions(b).count() == 1);
			sessions(a).broadcast(new BinaryMessage(payload));
			RawWebSocketClient.Frame frame = onB.readMessage(TIMEOUT);
			assertThat(frame.opcode()).isEqualTo(RawWebSocketClient.OP_BINARY);
			assertThat(frame.payload()).isEqualTo(payload);
		}
	}

	@Test
	void sendAndCloseReachASessionOnAnotherNode() throws Exception {
		try (JdkWebSocketClient onB = JdkWebSocketClient.connect(port(b), "/ws")) {
			await().atMost(TIMEOUT).until(() -> sessions(b).count() == 1);
			String id = onlySessionId(b);
			awaitDirectory(1);
			WebSocketSessions registryOfA = sessions(a);
			assertThat(registryOfA.find(id)).isEmpty();
			assertThat(registryOfA.send(id, new TextMessage("just for you"))).isTrue();
			assertThat(onB.nextText(TIMEOUT)).isEqualTo("just for you");
			assertThat(registryOfA.sendAsync(id, new TextMessage("and this"))).succeedsWithin(TIMEOUT).isEqualTo(true);
			assertThat(onB.nextText(TIMEOUT)).isEqualTo("and this");
			assertThat(registryOfA.sendAsync("no-such-session", new TextMessage("lost"))).succeedsWithin(TIMEOUT)
				.isEqualTo(false);
			assertThat(registryOfA.close(id, new CloseStatus(4001, "Moved"))).isTrue();
			assertThat(onB.closeCode().get()).isEqualTo(4001);
			assertThat(onB.closeReason()).isEqualTo("Moved");
		}
	}

	@Test
	void endpointAndHealthDescribeTheCluster() {
		try (JdkWebSocketClient onA = JdkWebSocketClient.connect(port(a), "/ws");
				JdkWebSocketClient onB = JdkWebSocketClient.connect(port(b), "/ws")) {
			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(read(a, "/actuator/websocket", "$.cluster.nodeId")).isEqualTo("node-a");
				assertThat(read(a, "/actuator/websocket", "$.cluster.active")).isEqualTo(2);
				assertThat(read(a, "/actuator/websocket", "$.cluster.nodes[*].id")).asList()
					.containsExactly("node-a", "node-b");
				assertThat(read(a, "/actuator/websocket", "$.cluster.nodes[1].sessions")).isEqualTo(1);
			});
			assertThat(read(a, "/actuator/websocket", "$.cluster.nodes[1].lastHeartbeatAt")).isNotNull();
			assertThat(read(a, "/actuator/websocket", "$.active")).isEqualTo(1);
			assertThat(ClusterNodes.clusterHealth(a)).isEqualTo("UP");
			assertThat(read(b, "/actuator/health", "$.components.websocketCluster.details.nodes")).isEqualTo(2);
			assertThat(read(b, "/actuator/metrics/websocket.cluster.messages.published", "$.name"))
				.isEqualTo("websocket.cluster.messages.published");
		}
	}

	@Test
	void aStoppedNodeLeavesTheDirectoryAndAnEntryExpiresWithinTheTtl() throws Exception {
		ConfigurableApplicationContext c = nodes.start("node-c");
		StringRedisTemplate redisOfA = a.getBean(StringRedisTemplate.class);
		try (JdkWebSocketClient onC = JdkWebSocketClient.connect(port(c), "/ws")) {
			await().atMost(TIMEOUT).until(() -> sessions(c).count() == 1);
			String key = PREFIX + "session:" + onlySessionId(c);
			await().atMost(TIMEOUT).until(() -> "node-c".equals(redisOfA.opsForValue().get(key)));
			assertThat(redisOfA.getExpire(key)).isBetween(1L, 3L);
			assertThat(redisOfA.getExpire(PREFIX + "node:node-c")).isBetween(1L, 3L);
			await().atMost(TIMEOUT)
				.until(() -> a.getBean(LifelineCluster.class)
					.getNodes()
					.stream()
					.anyMatch((n) -> n.id().equals("node-c")));
			c.close();
			assertThat(redisOfA.hasKey(key)).isFalse();
			assertThat(redisOfA.hasKey(PREFIX + "node:node-c")).isFalse();
			assertThat(a.getBean(LifelineCluster.class).getNodes()).extracting(ClusterNode::id)
				.doesNotContain("node-c");
			// An entry nobody refreshes, such as a crashed node's, expires by itself.
			redisOfA.opsForValue().set(PREFIX + "session:ghost", "node-x", Duration.ofSeconds(3));
			await().atMost(Duration.ofSeconds(5)).until(() -> !redisOfA.hasKey(PREFIX + "session:ghost"));
		}
	}

	private static void awaitDirectory(int entries) {
		StringRedisTemplate redis = a.getBean(StringRedisTemplate.class);
		await().atMost(TIMEOUT).until(() -> {
			Set<String> keys = redis.keys(PREFIX + "session:*");
			return keys != null && keys.size() == entries;
		});
	}

}
