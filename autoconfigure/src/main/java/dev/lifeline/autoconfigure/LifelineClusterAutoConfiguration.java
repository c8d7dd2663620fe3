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

import dev.lifeline.cluster.LifelineCluster;
import dev.lifeline.cluster.RedisCluster;
import dev.lifeline.cluster.RedisSessionDirectory;
import dev.lifeline.cluster.RedisSessionRelay;
import dev.lifeline.metrics.ClusterMeterBinder;
import dev.lifeline.server.WebSocketSessions;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for running several instances as one over Redis, when
 * {@code lifeline.cluster.enabled} is set: a {@link RedisCluster} on the application's
 * Redis connection, whose {@link RedisSessionRelay} and {@link RedisSessionDirectory} the
 * registry uses, with its meters. Enabling it without Spring Data Redis on the classpath
 * stops startup with a report (see {@link OnSpringDataRedisCondition}). Its health
 * contributor is configured by {@link LifelineClusterHealthContributorAutoConfiguration}.
 *
 * @author Lifeline contributors
 */
@AutoConfiguration(after = LifelineAutoConfiguration.class,
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnBean(WebSocketSessions.class)
@ConditionalOnBooleanProperty("lifeline.cluster.enabled")
@Conditional(OnSpringDataRedisCondition.class)
@EnableConfigurationProperties(LifelineClusterProperties.class)
public final class LifelineClusterAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.data.redis.connection.RedisConnectionFactory",
			"reactor.core.publisher.Mono" })
	static class RedisClusterConfiguration {

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnMissingBean(LifelineCluster.class)
		static class RedisClusterNodeConfiguration {

			@Bean
			RedisCluster redisCluster(RedisConnectionFactory connectionFactory, LifelineClusterProperties properties) {
				properties.validate();
				return new RedisCluster(connectionFactory, properties.determineNodeId(), properties.getPrefix(),
						properties.getDirectoryTtl(), properties.getCommandTimeout());
			}

			@Bean
			RedisSessionRelay redisSessionRelay(RedisCluster cluster) {
				return cluster.getRelay();
			}

			@Bean
			RedisSessionDirectory redisSessionDirectory(RedisCluster cluster) {
				return cluster.getDirectory();
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
		@ConditionalOnBean(MeterRegistry.class)
		static class ClusterMetricsConfiguration {

			@Bean
			@ConditionalOnMissingBean
			ClusterMeterBinder clusterMeterBinder(LifelineCluster cluster) {
				return new ClusterMeterBinder(cluster);
			}

		}

	}

}
