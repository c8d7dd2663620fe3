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

package dev.lifeline.stomp;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.StompTestApplication;
import dev.lifeline.test.StompTestApplication.DisconnectEvents;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The caps of a STOMP endpoint's handshakes, and its sessions at shutdown.
 */
@StompTest(properties = { "lifeline.max-sessions=2", "lifeline.max-sessions-per-user=1" })
class StompLimitsTests {

	@LocalServerPort
	int port;

	@Autowired
	SessionRegistry sessions;

	@Test
	void handshakesOverTheCapsGet429Or503WithRetryAfter() throws Exception {
		try (RawWebSocketClient first = RawWebSocketClient.connect(this.port,
				StompTestApplication.ENDPOINT + "?user=a");
				RawWebSocketClient sameUser = RawWebSocketClient.connectTcp(this.port);
				RawWebSocketClient second = RawWebSocketClient.connect(this.port,
						StompTestApplication.ENDPOINT + "?user=b");
				RawWebSocketClient third = RawWebSocketClient.connectTcp(this.port)) {
			StompEndpointTests.connect(first);
			StompEndpointTests.connect(second);
			assertThat(sameUser.handshake(StompTestApplication.ENDPOINT + "?user=a", Map.of())).isEqualTo(429);
			assertThat(sameUser.responseHeader("Retry-After")).isNotBlank();
			assertThat(third.handshake(StompTestApplication.ENDPOINT + "?user=c", Map.of())).isEqualTo(503);
			assertThat(third.responseHeader("Retry-After")).isNotBlank();
			var endpoint = this.sessions.getEndpoint(StompTestApplication.ENDPOINT).orElseThrow();
			assertThat(endpoint.getStatistics().getRejected(RejectionReason.USER_LIMIT)).isEqualTo(1);
			assertThat(endpoint.getStatistics().getRejected(RejectionReason.CAPACITY)).isEqualTo(1);
		}
	}

	/**
	 * On context close every STOMP client gets {@code 1001} and Spring publishes one
	 * {@code SessionDisconnectEvent} for each.
	 */
	@Test
	void shutdownClosesWith1001AndDisconnectsOnce() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(StompTestApplication.class)
			.properties("server.port=0", "lifeline.shutdown-timeout=3s")
			.run();
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		SessionRegistry registry = context.getBean(SessionRegistry.class);
		DisconnectEvents disconnects = context.getBean(DisconnectEvents.class);
		try (RawWebSocketClient client = RawWebSocketClient.connect(port, StompTestApplication.ENDPOINT)) {
			StompEndpointTests.connect(client);
			await().atMost(Duration.ofSeconds(5)).until(() -> registry.count() == 1);
			String id = registry.stream().findFirst().orElseThrow().getId();
			context.close();
			assertThat(client.awaitClose(Duration.ofSeconds(5))).isEqualTo(1001);
			assertThat(disconnects.of(id)).hasSize(1);
			assertThat(registry.getStatistics().getClosed(CloseCause.SHUTDOWN)).isEqualTo(1);
		}
		finally {
			context.close();
		}
	}

}
