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

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LifelineActuatorProperties}.
 */
class LifelineActuatorPropertiesTests {

	@Test
	void defaults() {
		LifelineActuatorProperties properties = new LifelineActuatorProperties();
		assertThat(properties.getRecentCloses()).isEqualTo(50);
		assertThat(properties.getShowValues()).isEqualTo(Show.NEVER);
		assertThat(properties.getRoles()).isEmpty();
	}

	@Test
	void binds() {
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("lifeline.actuator.recent-closes", "7",
				"lifeline.actuator.show-values", "when-authorized", "lifeline.actuator.roles", "ADMIN,OPS")));
		LifelineActuatorProperties properties = binder.bind("lifeline.actuator", LifelineActuatorProperties.class)
			.get();
		assertThat(properties.getRecentCloses()).isEqualTo(7);
		assertThat(properties.getShowValues()).isEqualTo(Show.WHEN_AUTHORIZED);
		assertThat(properties.getRoles()).containsExactlyInAnyOrder("ADMIN", "OPS");
	}

}
