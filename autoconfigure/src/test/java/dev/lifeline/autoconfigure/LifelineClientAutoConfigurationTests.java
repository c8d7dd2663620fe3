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

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LifelineClientAutoConfiguration}: the client is served by default in a
 * servlet web application, and not when {@code lifeline.client.enabled} is false or the
 * application is not a servlet web application.
 */
class LifelineClientAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LifelineClientAutoConfiguration.class));

	@Test
	void servesTheClientByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("lifelineClientResources");
			assertThat(context.getBean(LifelineClientProperties.class).getCacheMaxAge()).isEqualTo(Duration.ofHours(1));
		});
	}

	@Test
	void bindsTheCacheMaxAge() {
		this.contextRunner.withPropertyValues("lifeline.client.cache-max-age=10m")
			.run((context) -> assertThat(context.getBean(LifelineClientProperties.class).getCacheMaxAge())
				.isEqualTo(Duration.ofMinutes(10)));
	}

	@Test
	void canBeTurnedOff() {
		this.contextRunner.withPropertyValues("lifeline.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebMvcConfigurer.class)
				.doesNotHaveBean(LifelineClientProperties.class));
	}

	@Test
	void backsOffWithoutAServletWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LifelineClientAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WebMvcConfigurer.class));
	}

}
