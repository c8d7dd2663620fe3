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

import dev.lifeline.actuate.ActuatorClient.Response;
import dev.lifeline.actuate.ActuatorClient;
import dev.lifeline.actuate.LifelineActuatorTest;
import dev.lifeline.autoconfigure.LifelineProperties;
import dev.lifeline.server.engine.HeartbeatService;
import dev.lifeline.server.engine.SessionDrain;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.RawWebSocketClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WebSocketHealthIndicator} in a running application.
 */
@LifelineActuatorTest
@Import(WebSocketHealthIndicatorIntegrationTests.HeartbeatStallConfiguration.class)
class WebSocketHealthIndicatorIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@LocalServerPort
	int port;

	@Autowired
	SessionRegistry sessions;

	@Autowired
	SessionDrain drain;

	@Autowired
	HeartbeatStall stall;

	@Autowired
	ActuatorClient actuator;

	@AfterEach
	void release() {
		this.stall.release();
	}

	@Test
	void upWithDetails() {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 1);
			Response response = this.actuator.get("/actuator/health");
			assertThat(response.status()).isEqualTo(200);
			Map<String, Object> details = response.read("$.components.websocket.details");
			assertThat(response.<String>read("$.components.websocket.status")).isEqualTo("UP");
			assertThat(details).containsEntry("active", 1)
				.containsEntry("maxSessions", 10000)
				.containsEntry("utilization", 0.0001);
			assertThat(Instant.parse(response.read("$.components.websocket.details.heartbeat.lastSweepAt")))
				.isBeforeOrEqualTo(Instant.now());
		}
	}

	@Test
	void downWhileTheHeartbeatIsStalled() {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
			this.stall.arm();
			await().atMost(TIMEOUT).until(this.stall::isStalling);
			await().atMost(TIMEOUT).until(() -> "DOWN".equals(this.actuator.healthStatus()));
			assertThat(this.actuator.get("/actuator/health").status()).isEqualTo(503);
			this.stall.release();
			await().atMost(TIMEOUT).until(() -> "UP".equals(this.actuator.healthStatus()));
		}
	}

	@Test
	@DirtiesContext
	void outOfServiceWhileDraining() throws Exception {
		try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 1);
			Thread drain = new Thread(this.drain::stop, "drain");
			drain.start();
			await().atMost(TIMEOUT).until(() -> "OUT_OF_SERVICE".equals(this.actuator.healthStatus()));
			assertThat(this.actuator.get("/actuator/health").status()).isEqualTo(503);
			client.close();
			drain.join(TimeUnit.SECONDS.toMillis(15));
			assertThat(drain.isAlive()).isFalse();
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class HeartbeatStallConfiguration {

		@Bean
		HeartbeatStall heartbeatService(SessionRegistry sessions, LifelineProperties properties) {
			return new HeartbeatStall(sessions, properties.getHeartbeat().getInterval(),
					properties.getHeartbeat().getTimeout());
		}

	}

	/**
	 * A heartbeat whose sweep thread blocks while armed, as a starved or deadlocked
	 * scheduler would.
	 */
	static class HeartbeatStall extends HeartbeatService {

		private final AtomicReference<CountDownLatch> latch = new AtomicReference<>();

		private volatile boolean stalling;

		HeartbeatStall(SessionRegistry sessions, Duration interval, Duration timeout) {
			super(sessions, interval, timeout);
		}

		void arm() {
			this.latch.set(new CountDownLatch(1));
		}

		void release() {
			CountDownLatch latch = this.latch.getAndSet(null);
			if (latch != null) {
				latch.countDown();
			}
		}

		boolean isStalling() {
			return this.stalling;
		}

		@Override
		protected void sweep() {
			CountDownLatch latch = this.latch.get();
			if (latch != null) {
				this.stalling = true;
				try {
					latch.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					this.stalling = false;
				}
			}
			super.sweep();
		}

	}

}
