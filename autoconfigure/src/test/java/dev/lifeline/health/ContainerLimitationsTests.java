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

package dev.lifeline.health;

import java.util.List;
import java.util.Map;

import dev.lifeline.actuate.ActuatorClient;
import dev.lifeline.actuate.ActuatorClient.Response;
import dev.lifeline.actuate.LifelineActuatorTest;
import dev.lifeline.server.adapter.Connections;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Lifeline cannot do on the container it runs on is a detail of its health
 * indicator, and absent when there is nothing to say. The {@code tomcat-portable} build
 * runs this class with Tomcat's internals turned off, as a Tomcat update that moved them
 * would.
 */
@LifelineActuatorTest
class ContainerLimitationsTests {

	@Autowired
	ActuatorClient actuator;

	@Test
	void healthShowsWhatLifelineCannotDoOnThisContainer() {
		Response response = this.actuator.get("/actuator/health");
		assertThat(response.<String>read("$.components.websocket.status")).isEqualTo("UP");
		Map<String, Object> details = response.read("$.components.websocket.details");
		if ("false".equals(System.getProperty("lifeline.tomcat.internals"))) {
			assertThat(details).containsKey(WebSocketHealthIndicator.LIMITATIONS);
			List<String> limitations = response.read("$.components.websocket.details.limitations");
			assertThat(limitations).singleElement()
				.asString()
				.startsWith("Tomcat 11.")
				.contains("portable Jakarta API")
				.contains("turned off with -Dlifeline.tomcat.internals=false");
		}
		else {
			assertThat(details).doesNotContainKey(WebSocketHealthIndicator.LIMITATIONS);
			assertThat(Connections.limitations()).isEmpty();
		}
	}

}
