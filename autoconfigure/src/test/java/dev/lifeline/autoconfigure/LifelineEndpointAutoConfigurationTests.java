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

import dev.lifeline.actuate.endpoint.RecentCloses;
import dev.lifeline.actuate.endpoint.WebSocketEndpoint;
import dev.lifeline.actuate.endpoint.WebSocketEndpointWebExtension;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.test.EchoTestApplication.EchoHandler;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LifelineEndpointAutoConfiguration}.
 */
class LifelineEndpointAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LifelineAutoConfiguration.class, LifelineEndpointAutoConfiguration.class))
		.withBean(EchoHandler.class)
		.withPropertyValues("management.endpoints.web.exposure.include=websocket");

	@Test
	void registersEndpointWhenExposed() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WebSocketEndpoint.class);
			assertThat(context).hasSingleBean(WebSocketEndpointWebExtension.class);
			assertThat(context).hasSingleBean(RecentCloses.class);
			assertThat(context.getBean(RecentCloses.class).getCapacity()).isEqualTo(50);
		});
	}

	@Test
	void backsOffWhenNotExposed() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(LifelineAutoConfiguration.class, LifelineEndpointAutoConfiguration.class))
			.withBean(EchoHandler.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(WebSocketSessions.class);
				assertThat(context).doesNotHaveBean(WebSocketEndpoint.class);
				assertThat(context).doesNotHaveBean(RecentCloses.class);
			});
	}

	@Test
	void backsOffWhenAccessIsNone() {
		this.contextRunner.withPropertyValues("management.endpoint.websocket.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(WebSocketSessions.class);
			assertThat(context).doesNotHaveBean(WebSocketEndpoint.class);
		});
	}

	@Test
	void backsOffWhenLifelineIsDisabled() {
		this.contextRunner.withPropertyValues("lifeline.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketEndpoint.class));
	}

	@Test
	void userBeansReplaceAutoConfiguredOnes() {
		this.contextRunner.withUserConfiguration(CustomEndpointConfiguration.class).run((context) -> {
			assertThat(context).getBeanNames(RecentCloses.class).containsExactly("customRecentCloses");
			assertThat(context).getBeanNames(WebSocketEndpoint.class).containsExactly("customEndpoint");
		});
	}

	@Test
	void recentClosesFollowsProperty() {
		this.contextRunner.withPropertyValues("lifeline.actuator.recent-closes=5")
			.run((context) -> assertThat(context.getBean(RecentCloses.class).getCapacity()).isEqualTo(5));
	}

	@Test
	void negativeRecentClosesFailsFast() {
		this.contextRunner.withPropertyValues("lifeline.actuator.recent-closes=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("lifeline.actuator.recent-closes"));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomEndpointConfiguration {

		@Bean
		RecentCloses customRecentCloses() {
			return new RecentCloses(3);
		}

		@Bean
		WebSocketEndpoint customEndpoint(SessionRegistry sessions, RecentCloses recentCloses) {
			return new WebSocketEndpoint(sessions, null, recentCloses, "/custom", Show.ALWAYS, Set.of());
		}

	}

}
