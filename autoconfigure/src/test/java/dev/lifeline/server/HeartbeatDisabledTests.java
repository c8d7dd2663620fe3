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

import dev.lifeline.server.engine.HeartbeatService;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With {@code lifeline.heartbeat.enabled=false} no ping is ever sent.
 */
@LifelineServerTest(properties = { "lifeline.heartbeat.enabled=false", "lifeline.heartbeat.interval=100ms" })
class HeartbeatDisabledTests {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void noPingIsSent() throws Exception {
		assertThat(this.context.getBeanNamesForType(HeartbeatService.class)).isEmpty();
		try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
			assertThatExceptionOfType(SocketTimeoutException.class)
				.isThrownBy(() -> client.readFrame(Duration.ofMillis(1500)));
			client.sendText("still open");
			assertThat(client.readFrame(Duration.ofSeconds(5)).text()).isEqualTo("still open");
		}
		assertThat(Thread.getAllStackTraces().keySet())
			.noneMatch((thread) -> thread.getName().startsWith(HeartbeatService.THREAD_NAME_PREFIX));
	}

}
