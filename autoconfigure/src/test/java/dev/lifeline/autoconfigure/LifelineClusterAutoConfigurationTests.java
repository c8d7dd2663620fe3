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

package dev.lifeline.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.lifeline.cluster.ClusterNode;
import dev.lifeline.cluster.LifelineCluster;
import dev.lifeline.cluster.RedisCluster;
import dev.lifeline.cluster.RedisSessionDirectory;
import dev.lifeline.cluster.RedisSessionRelay;
import dev.lifeline.health.ClusterHealthIndicator;
import dev.lifeline.metrics.ClusterMeterBinder;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.EchoTestApplication.EchoHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LifelineClusterAutoConfiguration} and
 * {@link LifelineClusterHealthContributorAutoConfiguration}. No Redis runs here: an
 * enabled cluster points at a closed port.
 */
class LifelineClusterAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LifelineAutoConfiguration.class, DataRedisAutoConfiguration.class,
				LifelineClusterAutoConfiguration.class, LifelineClusterHealthContributorAutoConfiguration.class))
		.withBean(EchoHandler.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1",
				"lifeline.cluster.command-timeout=200ms");

	@Test
	void offByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WebSocketSessions.class);
			assertThat(context).doesNotHaveBean(LifelineCluster.class);
		});
	}

	@Test
	void enabledStartsWhileRedisIsDownAndKeepsLocalDelivery() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("lifeline.cluster.enabled=true", "lifeline.cluster.node-id=lonely")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RedisCluster cluster = context.getBean(RedisCluster.class);
				assertThat(cluster.getNodeId()).isEqualTo("lonely");
				assertThat(context.getBean(RedisSessionRelay.class)).isSameAs(cluster.getRelay());
				assertThat(context.getBean(RedisSessionDirectory.class)).isSameAs(cluster.getDirectory());
				assertThat(context).hasSingleBean(ClusterMeterBinder.class);
				WebSocketSessions sessions = context.getBean(WebSocketSessions.class);
				// The first call loads Reactor's operators; the second shows what a send
				// costs.
				assertThat(sessions.sendAsync("elsewhere", new TextMessage("x"))).succeedsWithin(Duration.ofSeconds(5));
				long start = System.nanoTime();
				CompletableFuture<Boolean> sent = sessions.sendAsync("elsewhere", new TextMessage("x"));
				assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(100);
				assertThat(sent).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(false);
				Health health = context.getBean(ClusterHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("nodeId", "lonely").containsKey("reason");
				assertThat(cluster.getPublishFailures()).isPositive();
			});
	}

	@Test
	void healthAndMetricsBackOffWithoutActuatorAndMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(AbstractHealthIndicator.class, MeterRegistry.class))
			.withPropertyValues("lifeline.cluster.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RedisCluster.class);
				assertThat(context).doesNotHaveBean(ClusterHealthIndicator.class)
					.doesNotHaveBean(ClusterMeterBinder.class);
			});
	}

	@Test
	void anApplicationsOwnClusterReplacesTheRedisNodeButKeepsHealthAndMetrics() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withBean(LifelineCluster.class, OwnCluster::new)
			.withPropertyValues("lifeline.cluster.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(LifelineCluster.class)
				.doesNotHaveBean(RedisCluster.class)
				.doesNotHaveBean(RedisSessionRelay.class)
				.doesNotHaveBean(RedisSessionDirectory.class)
				.hasSingleBean(ClusterHealthIndicator.class)
				.hasSingleBean(ClusterMeterBinder.class));
	}

	@Test
	void healthContributorCanBeDisabled() {
		this.contextRunner
			.withPropertyValues("lifeline.cluster.enabled=true", "management.health.websocket-cluster.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(RedisCluster.class)
				.doesNotHaveBean(ClusterHealthIndicator.class));
	}

	@Test
	void defaultNodeIdIsTheHostNameWithARandomSuffix() {
		LifelineClusterProperties properties = new LifelineClusterProperties();
		String first = properties.determineNodeId();
		assertThat(first).matches(".+-[0-9a-f]{6}");
		assertThat(properties.determineNodeId()).isNotEqualTo(first);
	}

	@Test
	void nodeIdWithAColonIsRejected() {
		this.contextRunner.withPropertyValues("lifeline.cluster.enabled=true", "lifeline.cluster.node-id=a:b")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("lifeline.cluster.node-id"));
	}

	@Test
	void enabledWithoutSpringDataRedisFailsWithAnActionableReport() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.withPropertyValues("lifeline.cluster.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new ClusterRedisMissingFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("lifeline.cluster.enabled=true");
				assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis");
			});
	}

	@Test
	void disabledWithoutSpringDataRedisStarts() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LifelineCluster.class));
	}

	/**
	 * A cluster of the application's own, as one over another transport would be.
	 */
	static class OwnCluster implements LifelineCluster {

		@Override
		public String getNodeId() {
			return "own";
		}

		@Override
		public List<ClusterNode> getNodes() {
			return List.of();
		}

		@Override
		public String getFailure() {
			return null;
		}

		@Override
		public long getPublished() {
			return 0;
		}

		@Override
		public long getReceived() {
			return 0;
		}

		@Override
		public long getPublishFailures() {
			return 0;
		}

	}

}
