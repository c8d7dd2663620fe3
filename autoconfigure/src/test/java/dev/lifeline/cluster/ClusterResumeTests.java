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

import dev.lifeline.test.Executables;
import dev.lifeline.test.RedisServerProcess;
import dev.lifeline.test.ResumingClient;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.lifeline.cluster.ClusterNodes.port;
import static dev.lifeline.cluster.ClusterNodes.sessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A resumable session's client that comes back on another instance (the load balancer did
 * not route it home) gets a fresh session there, and the old session, detached on its own
 * instance, is finished there within a second instead of waiting for its window.
 */
class ClusterResumeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static RedisServerProcess redis;

	private static ClusterNodes nodes;

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void startCluster() throws Exception {
		Executables.assumeInstalled(RedisServerProcess.isInstalled(), RedisServerProcess.NOT_INSTALLED);
		redis = RedisServerProcess.start();
		nodes = new ClusterNodes(redis, "lifeline-resume:");
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
	void sessionWhoseClientResumedFreshOnAnotherInstanceIsFinishedOnItsOwn() throws Exception {
		try (ResumingClient client = ResumingClient.open(port(a), "/ws")) {
			String id = client.sessionId();
			client.reset();
			await().atMost(TIMEOUT)
				.until(() -> sessions(a).find(id)
					.map((session) -> session.getResumeStatus())
					.map((status) -> status.detached())
					.orElse(false));
			client.port(port(b));
			assertThat(client.resume()).containsEntry("type", "refused").containsEntry("reason", "unknown");
			long refusedAt = System.nanoTime();
			assertThat(sessions(b).find(client.sessionId())).isPresent();
			await().atMost(TIMEOUT).until(() -> sessions(a).find(id).isEmpty());
			Duration finishedAfter = Duration.ofNanos(System.nanoTime() - refusedAt);
			System.out.printf("Session resumed fresh elsewhere: finished on its own instance after %d ms%n",
					finishedAfter.toMillis());
			assertThat(finishedAfter).isLessThan(Duration.ofSeconds(1));
		}
	}

}
