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

package dev.lifeline.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code spring-boot-starter-security} and nothing configured but a user: Boot's
 * default security answers an unauthenticated upgrade with 401, and an authenticated
 * session carries its principal into the registry and the actuator, where
 * {@code lifeline.actuator.show-values} masks it as any other value.
 */
class DefaultSecurityTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String ALICE = "Basic "
			+ Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));

	abstract static class SecuredEndpoint {

		@LocalServerPort
		int port;

		@Autowired
		WebSocketSessions sessions;

		@AfterEach
		void registryEmpties() {
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 0);
		}

		List<String> actuatorPrincipals() throws Exception {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/websocket"))
					.header("Authorization", ALICE)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			return JsonPath.read(response.body(), "$.sessions[*].principal");
		}

	}

	@Nested
	@LifelineServerTest(properties = { "spring.autoconfigure.exclude=", "spring.security.user.name=alice",
			"spring.security.user.password=secret", "lifeline.actuator.show-values=always",
			"management.endpoints.web.exposure.include=websocket" })
	class ShowValuesAlways extends SecuredEndpoint {

		@Test
		void unauthenticatedUpgradeGets401() throws Exception {
			long opened = this.sessions.getStatistics().getOpenedTotal();
			try (RawWebSocketClient client = RawWebSocketClient.connectTcp(this.port)) {
				assertThat(client.handshake("/ws", Map.of())).isEqualTo(401);
			}
			try (RawWebSocketClient client = RawWebSocketClient.connectTcp(this.port)) {
				String wrong = "Basic " + Base64.getEncoder().encodeToString("alice:guess".getBytes());
				assertThat(client.handshake("/ws", Map.of("Authorization", wrong))).isEqualTo(401);
			}
			assertThat(this.sessions.getStatistics().getOpenedTotal()).isEqualTo(opened);
		}

		@Test
		void authenticatedSessionShowsItsPrincipalInTheRegistryAndTheActuator() throws Exception {
			try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws",
					Map.of("Authorization", ALICE))) {
				client.send("hello");
				assertThat(client.nextText(TIMEOUT)).isEqualTo("hello");
				assertThat(this.sessions.stream().map(LifelineSession::getPrincipalName)).containsExactly("alice");
				assertThat(actuatorPrincipals()).containsExactly("alice");
			}
		}

	}

	@Nested
	@LifelineServerTest(properties = { "spring.autoconfigure.exclude=", "spring.security.user.name=alice",
			"spring.security.user.password=secret", "management.endpoints.web.exposure.include=websocket" })
	class ShowValuesNever extends SecuredEndpoint {

		@Test
		void principalIsMaskedInTheActuator() throws Exception {
			try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws",
					Map.of("Authorization", ALICE))) {
				client.send("hello");
				assertThat(client.nextText(TIMEOUT)).isEqualTo("hello");
				assertThat(this.sessions.stream().map(LifelineSession::getPrincipalName)).containsExactly("alice");
				assertThat(actuatorPrincipals()).containsExactly("******");
			}
		}

	}

}
