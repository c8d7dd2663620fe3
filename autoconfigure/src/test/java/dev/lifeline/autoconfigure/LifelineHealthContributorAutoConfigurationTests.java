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

import dev.lifeline.health.WebSocketHealthIndicator;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.engine.SessionDrain;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.test.EchoTestApplication.EchoHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LifelineHealthContributorAutoConfiguration}.
 */
class LifelineHealthContributorAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LifelineAutoConfiguration.class,
				LifelineHealthContributorAutoConfiguration.class))
		.withBean(EchoHandler.class);

	@Test
	void registersHealthIndicator() {
		this.contextRunner.run((context) -> {
			assertThat(context).getBeanNames(WebSocketHealthIndicator.class)
				.containsExactly("websocketHealthIndicator");
			Health health = context.getBean(WebSocketHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("active", 0)
				.containsEntry("maxSessions", 10000)
				.containsEntry("utilization", 0.0)
				.containsKey("heartbeat");
		});
	}

	@Test
	void omitsHeartbeatDetailWhenHeartbeatIsDisabled() {
		this.contextRunner.withPropertyValues("lifeline.heartbeat.enabled=false")
			.run((context) -> assertThat(context.getBean(WebSocketHealthIndicator.class).health().getDetails())
				.doesNotContainKey("heartbeat"));
	}

	@Test
	void outOfServiceWhileDraining() {
		this.contextRunner.run((context) -> {
			context.getBean(SessionDrain.class).stop();
			assertThat(context.getBean(WebSocketHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.OUT_OF_SERVICE);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.websocket.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketHealthIndicator.class));
	}

	@Test
	void backsOffWithoutHealthSupport() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(AbstractHealthIndicator.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(WebSocketSessions.class);
			assertThat(context).doesNotHaveBean(WebSocketHealthIndicator.class);
		});
	}

	@Test
	void backsOffWhenLifelineIsDisabled() {
		this.contextRunner.withPropertyValues("lifeline.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketHealthIndicator.class));
	}

	@Test
	void userIndicatorByNameReplacesAutoConfiguredOne() {
		this.contextRunner.withBean("websocketHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketHealthIndicator.class));
	}

	@Test
	void userIndicatorByTypeReplacesAutoConfiguredOne() {
		this.contextRunner.withUserConfiguration(CustomIndicatorConfiguration.class)
			.run((context) -> assertThat(context).getBeanNames(WebSocketHealthIndicator.class)
				.containsExactly("customIndicator"));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomIndicatorConfiguration {

		@Bean
		WebSocketHealthIndicator customIndicator(SessionRegistry sessions) {
			return new WebSocketHealthIndicator(sessions, null);
		}

	}

}
