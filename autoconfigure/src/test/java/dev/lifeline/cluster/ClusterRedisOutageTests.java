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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.lifeline.test.Executables;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.RedisServerProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

import static dev.lifeline.cluster.ClusterNodes.clusterHealth;
import static dev.lifeline.cluster.ClusterNodes.port;
import static dev.lifeline.cluster.ClusterNodes.read;
import static dev.lifeline.cluster.ClusterNodes.sessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stops while two instances carry traffic: each keeps delivering to its own
 * sessions, health and meters say what is wrong, and cluster delivery comes back by
 * itself when Redis does, without restarting either instance.
 */
class ClusterRedisOutageTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@BeforeAll
	static void requireRedis() {
		Executables.assumeInstalled(RedisServerProcess.isInstalled(), RedisServerProcess.NOT_INSTALLED);
	}

	@Test
	void localDeliveryContinuesWhileRedisIsDownAndClusterDeliveryRecovers() throws Exception {
		try (RedisServerProcess redis = RedisServerProcess.start();
				ClusterNodes nodes = new ClusterNodes(redis, "lifeline-outage:")) {
			ConfigurableApplicationContext a = nodes.start("node-a");
			ConfigurableApplicationContext b = nodes.start("node-b");
			try (JdkWebSocketClient onA = JdkWebSocketClient.connect(port(a), "/ws");
					JdkWebSocketClient onB = JdkWebSocketClient.connect(port(b), "/ws")) {
				await().atMost(TIMEOUT).until(() -> sessions(a).count() == 1 && sessions(b).count() == 1);
				onA.send("before");
				await().atMost(TIMEOUT).until(() -> onB.received().contains("before"));

				redis.stop();
				long start = System.nanoTime();
				onA.send("during");
				await().atMost(TIMEOUT).until(() -> onA.received().contains("during"));
				Duration localDelivery = Duration.ofNanos(System.nanoTime() - start);
				assertThat(localDelivery).isLessThan(Duration.ofSeconds(2));
				await().atMost(TIMEOUT).until(() -> "DOWN".equals(clusterHealth(a)));
				assertThat((String) read(a, "/actuator/health", "$.components.websocketCluster.details.reason"))
					.isNotBlank();
				assertThat((String) read(a, "/actuator/websocket", "$.cluster.failure")).isNotBlank();
				await().atMost(TIMEOUT)
					.until(() -> ((Number) read(a, "/actuator/metrics/websocket.cluster.publish.failures",
							"$.measurements[0].value"))
						.doubleValue() >= 1);
				long sendStart = System.nanoTime();
				sessions(a).send("somewhere-else", new TextMessage("x"));
				CompletableFuture<Boolean> sent = sessions(a).sendAsync("somewhere-else", new TextMessage("x"));
				// Nothing waits for Redis: under the 500 ms command timeout, with room
				// for a
				// busy machine; how fast a send really is belongs to the benchmark.
				assertThat(Duration.ofNanos(System.nanoTime() - sendStart)).isLessThan(Duration.ofMillis(400));
				assertThat(sent.get(1500, TimeUnit.MILLISECONDS)).isFalse();

				redis.restart();
				await().atMost(Duration.ofSeconds(45)).until(() -> "UP".equals(clusterHealth(a)));
				await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
					onA.send("after");
					assertThat(onB.nextText(Duration.ofSeconds(1))).isEqualTo("after");
				});
				assertThat(onB.received()).doesNotContain("during");
				await().atMost(TIMEOUT).until(() -> a.getBean(LifelineCluster.class).getNodes().size() == 2);
			}
		}
	}

	@Test
	void userAndGroupMessagesAreDeliveredLocallyWhileRedisIsDownAndAcrossInstancesWhenItReturns() throws Exception {
		try (RedisServerProcess redis = RedisServerProcess.start();
				ClusterNodes nodes = new ClusterNodes(redis, "lifeline-outage-users:")) {
			ConfigurableApplicationContext a = nodes.start("node-a");
			ConfigurableApplicationContext b = nodes.start("node-b");
			try (JdkWebSocketClient aliceOnA = JdkWebSocketClient.connect(port(a), "/ws?user=alice");
					JdkWebSocketClient aliceOnB = JdkWebSocketClient.connect(port(b), "/ws?user=alice")) {
				await().atMost(TIMEOUT).until(() -> sessions(a).count() == 1 && sessions(b).count() == 1);
				String aliceA = sessions(a).findByUser("alice").get(0).getId();
				String aliceB = sessions(b).findByUser("alice").get(0).getId();
				sessions(a).join(aliceA, "room");
				sessions(b).join(aliceB, "room");
				LifelineCluster cluster = a.getBean(LifelineCluster.class);
				await().atMost(TIMEOUT).untilAsserted(() -> {
					sessions(a).sendToUser("alice", new TextMessage("user before"));
					assertThat(aliceOnB.received()).contains("user before");
				});

				redis.stop();
				long failures = cluster.getPublishFailures();
				long start = System.nanoTime();
				assertThat(sessions(a).sendToUser("alice", new TextMessage("user during")).queued()).isOne();
				assertThat(sessions(a).sendToGroup("room", new TextMessage("group during")).queued()).isOne();
				assertThat(sessions(a).join("somewhere-else", "room")).isTrue();
				// Nothing waits for Redis: under the 500 ms command timeout, with room
				// for a
				// busy machine.
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
				await().atMost(TIMEOUT)
					.until(() -> aliceOnA.received().containsAll(List.of("user during", "group during")));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
				await().atMost(TIMEOUT).until(() -> cluster.getPublishFailures() >= failures + 3);

				redis.restart();
				await().atMost(Duration.ofSeconds(45)).until(() -> "UP".equals(clusterHealth(a)));
				await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
					sessions(a).sendToGroup("room", new TextMessage("group after"), aliceA);
					assertThat(aliceOnB.nextText(Duration.ofSeconds(1))).isEqualTo("group after");
				});
				assertThat(aliceOnB.received()).doesNotContain("user during", "group during");
				assertThat(aliceOnA.received()).doesNotContain("group after");
				assertThat(sessions(a).closeUser("alice", new CloseStatus(4003, "Signed out"))).isOne();
				assertThat(aliceOnB.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(4003);
			}
		}
	}

	@Test
	void anInstanceStartedWhileRedisIsDownJoinsWhenRedisComesUp() throws Exception {
		try (RedisServerProcess redis = RedisServerProcess.start();
				ClusterNodes nodes = new ClusterNodes(redis, "lifeline-late:")) {
			ConfigurableApplicationContext a = nodes.start("node-a");
			redis.stop();
			ConfigurableApplicationContext b = nodes.start("node-b");
			try (JdkWebSocketClient onB = JdkWebSocketClient.connect(port(b), "/ws")) {
				onB.send("alone");
				assertThat(onB.nextText(TIMEOUT)).isEqualTo("alone");
				assertThat(clusterHealth(b)).isEqualTo("DOWN");
				redis.restart();
				await().atMost(Duration.ofSeconds(45)).until(() -> "UP".equals(clusterHealth(b)));
				try (JdkWebSocketClient onA = JdkWebSocketClient.connect(port(a), "/ws")) {
					await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
						onA.send("together");
						assertThat(onB.received()).contains("together");
					});
				}
			}
		}
	}

}
