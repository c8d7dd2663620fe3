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

import dev.lifeline.server.engine.SessionDrain;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.test.EchoTestApplication;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.ShutdownTimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On context close every client gets {@code 1001} before the web server stops, and the
 * drain is bounded by {@code lifeline.shutdown-timeout}.
 */
class GracefulShutdownTests {

	@Test
	void everyClientReceives1001AndTheRegistryEndsEmpty() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EchoTestApplication.class)
			.properties("server.port=0", "server.shutdown=graceful", "lifeline.shutdown-timeout=3s")
			.run();
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		SessionRegistry sessions = context.getBean(SessionRegistry.class);
		List<JdkWebSocketClient> clients = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			clients.add(JdkWebSocketClient.connect(port, "/ws"));
		}
		try (RawWebSocketClient silent = RawWebSocketClient.connect(port, "/ws")) {
			await().atMost(Duration.ofSeconds(5)).until(() -> sessions.count() == 11);
			ShutdownTimes took = ShutdownTimes.close(context, sessions);
			for (JdkWebSocketClient client : clients) {
				assertThat(client.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(1001);
			}
			assertThat(silent.awaitClose(Duration.ofSeconds(5))).isEqualTo(1001);
			assertThat(sessions.count()).isZero();
			assertThat(sessions.getStatistics().getClosed(CloseCause.SHUTDOWN)).isEqualTo(11);
			assertThat(took.drain()).isLessThan(Duration.ofSeconds(3 + 1));
			assertThat(took.total()).isLessThan(Duration.ofSeconds(3 + 2));
		}
	}

	@Test
	void handshakesDuringDrainGet503() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EchoTestApplication.class)
			.properties("server.port=0")
			.run();
		try {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			SessionRegistry sessions = context.getBean(SessionRegistry.class);
			context.getBean(SessionDrain.class).stop();
			assertThat(sessions.isDraining()).isTrue();
			try (RawWebSocketClient late = RawWebSocketClient.connectTcp(port)) {
				assertThat(late.handshake("/ws", java.util.Map.of())).isEqualTo(503);
			}
			assertThat(sessions.getStatistics().getRejected(RejectionReason.SHUTDOWN)).isEqualTo(1);
		}
		finally {
			context.close();
		}
	}

}
