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

package dev.lifeline.proxy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.lifeline.actuate.ActuatorClient;
import dev.lifeline.server.CloseCause;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.Executables;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.NginxProcess;
import dev.lifeline.test.RawWebSocketClient.Frame;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.SessionEventRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lifeline behind a real nginx, configured as {@code docs/deployment.md} recommends but
 * with {@code proxy_read_timeout 3s}: the heartbeat keeps idle connections through the
 * proxy alive, without it the proxy cuts them, a frozen client is still found, and the
 * actuator shows the client's address once forwarded headers are honoured.
 */
@LifelineServerTest(
		properties = { "management.endpoints.web.exposure.include=websocket", "lifeline.actuator.show-values=always" })
@Import({ NginxProxyTests.Events.class, ActuatorClient.class })
class NginxProxyTests {

	private static final String NGINX_CONF = "/dev/lifeline/proxy/nginx.conf";

	private static final Duration PROXY_READ_TIMEOUT = Duration.ofSeconds(3);

	private static final String CLIENT_ADDRESS = "203.0.113.7";

	private static final String PROXY_ADDRESS = "127.0.0.2";

	NginxProcess nginx;

	WebSocketSessions sessions;

	SessionEventRecorder events;

	ActuatorClient actuator;

	@BeforeAll
	static void requireNginx() {
		Executables.assumeInstalled(NginxProcess.isInstalled(), NginxProcess.NOT_INSTALLED);
	}

	@BeforeEach
	void startNginx(@TempDir Path prefix, @Autowired Environment environment, @Autowired WebSocketSessions sessions,
			@Autowired SessionEventRecorder events, @Autowired ActuatorClient actuator) throws IOException {
		String upstream = "127.0.0.1:" + environment.getRequiredProperty("local.server.port");
		this.nginx = NginxProcess.start(NGINX_CONF, prefix, Map.of("upstream", upstream));
		this.sessions = sessions;
		this.events = events;
		this.actuator = actuator;
	}

	@AfterEach
	void stopNginx() {
		if (this.nginx != null) {
			this.nginx.close();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 0);
	}

	LifelineSession awaitOneSession() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 1);
		return this.sessions.stream().findFirst().orElseThrow();
	}

	/**
	 * Connect through nginx claiming {@link #CLIENT_ADDRESS} in {@code X-Forwarded-For}
	 * and check the address that the registry and the actuator show.
	 */
	void assertRemoteAddressBehindProxyIs(String expected) {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.nginx.port(), "/ws",
				Map.of("X-Forwarded-For", CLIENT_ADDRESS))) {
			assertThat(awaitOneSession().getRemoteAddressText()).isEqualTo(expected);
			String shown = this.actuator.get("/actuator/websocket").read("$.sessions[0].remoteAddress");
			assertThat(shown).isEqualTo(expected);
		}
	}

	@Nested
	@TestPropertySource(properties = { "lifeline.heartbeat.interval=1s", "lifeline.heartbeat.timeout=1s" })
	class HeartbeatEverySecond {

		private static final Duration INTERVAL = Duration.ofSeconds(1);

		private static final Duration DETECTION = INTERVAL.plus(Duration.ofSeconds(1)).plusSeconds(1);

		@Test
		void silentClientStaysConnectedThroughTheProxyFor15Seconds() throws InterruptedException {
			try (JdkWebSocketClient client = JdkWebSocketClient.connect(NginxProxyTests.this.nginx.port(), "/ws")) {
				LifelineSession session = awaitOneSession();
				await().during(Duration.ofSeconds(15))
					.atMost(Duration.ofSeconds(17))
					.until(() -> session.isOpen() && !client.isClosed());
				assertThat(session.getLastPongAt()).as("pongs came back through nginx").isNotNull();
				assertThat(NginxProxyTests.this.sessions.find(session.getId())).isPresent();
				client.send("still there");
				assertThat(client.nextText(Duration.ofSeconds(2))).isEqualTo("still there");
			}
		}

		@Test
		void clientThatFreezesBehindTheProxyIsRemovedWithinIntervalPlusTimeout() throws IOException {
			try (RawWebSocketClient client = RawWebSocketClient.connect(NginxProxyTests.this.nginx.port(), "/ws")) {
				String id = awaitOneSession().getId();
				List<Frame> frames = client.answerPingsFor(Duration.ofSeconds(3));
				assertThat(frames).allMatch((frame) -> frame.opcode() == RawWebSocketClient.OP_PING);
				int pongs = frames.size();
				assertThat(pongs).as("pings answered through nginx").isPositive();
				assertThat(NginxProxyTests.this.sessions.find(id)).as("alive while answering").isPresent();
				long frozenAt = System.nanoTime();
				await().atMost(DETECTION).until(() -> NginxProxyTests.this.events.closedEvent(id) != null);
				Duration detectedAfter = Duration.ofNanos(System.nanoTime() - frozenAt);
				assertThat(NginxProxyTests.this.events.closedEvent(id).getCause())
					.isEqualTo(CloseCause.HEARTBEAT_TIMEOUT);
				assertThat(NginxProxyTests.this.sessions.find(id)).isEmpty();
				assertThat(detectedAfter).isLessThanOrEqualTo(DETECTION);
			}
		}

		@Test
		void actuatorShowsTheProxyAddressWithoutForwardHeadersStrategy() {
			assertRemoteAddressBehindProxyIs(PROXY_ADDRESS);
		}

		@Test
		void sameOriginBrowserIsAcceptedThroughTheProxy() throws IOException {
			int port = NginxProxyTests.this.nginx.port();
			try (RawWebSocketClient browser = RawWebSocketClient.connectTcp(port)) {
				int status = browser.handshake("/ws", Map.of("Origin", "http://127.0.0.1:" + port));
				assertThat(status).isEqualTo(101);
				browser.sendClose(1000, "");
				assertThat(browser.awaitClose(Duration.ofSeconds(5))).isEqualTo(1000);
			}
		}

	}

	@Nested
	@TestPropertySource(properties = "lifeline.heartbeat.enabled=false")
	class HeartbeatDisabled {

		@Test
		void silentClientIsCutByTheProxyAtItsReadTimeout() {
			try (JdkWebSocketClient client = JdkWebSocketClient.connect(NginxProxyTests.this.nginx.port(), "/ws")) {
				long openedAt = System.nanoTime();
				String id = awaitOneSession().getId();
				Duration almost = PROXY_READ_TIMEOUT.minusMillis(500);
				await().during(almost).atMost(PROXY_READ_TIMEOUT).until(() -> !client.isClosed());
				await().atMost(Duration.ofSeconds(3)).until(client::isClosed);
				Duration cutAfter = Duration.ofNanos(System.nanoTime() - openedAt);
				assertThat(cutAfter).isBetween(almost, PROXY_READ_TIMEOUT.plusSeconds(2));
				assertThat(client.closeCode().join()).as("no close frame from nginx").isEqualTo(1006);
				await().atMost(Duration.ofSeconds(1)).until(() -> NginxProxyTests.this.events.closedEvent(id) != null);
				assertThat(NginxProxyTests.this.events.closedEvent(id).getCause()).isIn(CloseCause.ABNORMAL,
						CloseCause.GOING_AWAY);
				assertThat(NginxProxyTests.this.sessions.find(id)).isEmpty();
			}
		}

	}

	@Nested
	@TestPropertySource(properties = "server.forward-headers-strategy=native")
	class NativeForwardHeaders {

		@Test
		void actuatorShowsTheClientAddressFromXForwardedFor() {
			assertRemoteAddressBehindProxyIs(CLIENT_ADDRESS);
		}

	}

	@Nested
	@TestPropertySource(properties = "server.forward-headers-strategy=framework")
	class FrameworkForwardHeaders {

		@Test
		void actuatorShowsTheClientAddressFromXForwardedFor() {
			assertRemoteAddressBehindProxyIs(CLIENT_ADDRESS);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Events {

		@Bean
		SessionEventRecorder sessionEventRecorder() {
			return new SessionEventRecorder();
		}

	}

}
