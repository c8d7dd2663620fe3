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

package dev.lifeline.server;

import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.LifelineServerTest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session reports the client's address as Boot's forward-headers support resolves it,
 * with either strategy, on every container. Jetty's own WebSocket session answers with
 * the TCP peer of its connection, the proxy, whatever the strategy; the session must not.
 * The tests connect from 127.0.0.1, a proxy that Tomcat's {@code RemoteIpValve} trusts by
 * default and Jetty's {@code ForwardedRequestCustomizer} trusts as any.
 */
@LifelineServerTest(properties = "lifeline.heartbeat.enabled=false")
class ForwardedClientAddressTests {

	private static final String CLIENT_ADDRESS = "203.0.113.7";

	private static final Map<String, String> FORWARDED_FOR = Map.of("X-Forwarded-For", CLIENT_ADDRESS);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@AfterEach
	void noSessionLeft() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 0);
	}

	void assertSessionAddressIs(String expected) {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws", FORWARDED_FOR)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 1);
			LifelineSession session = this.sessions.stream().findFirst().orElseThrow();
			assertThat(session.getRemoteAddressText()).isEqualTo(expected);
			InetSocketAddress address = session.getRemoteAddress();
			assertThat(address).isNotNull();
			assertThat(address.getAddress()).isNotNull();
			assertThat(address.getAddress().getHostAddress()).isEqualTo(expected);
		}
	}

	@Test
	void withoutStrategyTheSessionShowsTheProxy() {
		assertSessionAddressIs("127.0.0.1");
	}

	@Nested
	@TestPropertySource(properties = "server.forward-headers-strategy=native")
	class NativeStrategy {

		@Test
		void sessionShowsTheForwardedClient() {
			assertSessionAddressIs(CLIENT_ADDRESS);
		}

	}

	@Nested
	@TestPropertySource(properties = "server.forward-headers-strategy=framework")
	class FrameworkStrategy {

		@Test
		void sessionShowsTheForwardedClient() {
			assertSessionAddressIs(CLIENT_ADDRESS);
		}

	}

}
