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

package dev.lifeline.observation;

import java.time.Duration;
import java.util.List;

import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.LifelineServerTest;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spans from the observations, with Micrometer Tracing's test tracer: a connection is one
 * trace, from the upgrade request's span through the handshake's to each message's.
 */
@LifelineServerTest(properties = "lifeline.observations.messages=true")
@Import(WebSocketTracingIntegrationTests.Traced.class)
class WebSocketTracingIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@LocalServerPort
	int port;

	@Autowired
	SimpleTracer tracer;

	@Test
	void connectionIsOneTraceFromTheUpgradeRequestToEachMessage() throws Exception {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
			client.send("one");
			assertThat(client.nextText(TIMEOUT)).isEqualTo("one");
			client.send("two");
			assertThat(client.nextText(TIMEOUT)).isEqualTo("two");
			await().atMost(TIMEOUT).until(() -> spans("websocket text message").size() == 2);
		}
		SimpleSpan handshake = spans("websocket handshake").get(0);
		SimpleSpan request = this.tracer.getSpans()
			.stream()
			.filter((span) -> span.getSpanId().equals(handshake.getParentId()))
			.findFirst()
			.orElseThrow();
		assertThat(request.getName()).startsWith("http get");
		assertThat(handshake.getTraceId()).isEqualTo(request.getTraceId());
		assertThat(spans("websocket text message")).allSatisfy((message) -> {
			assertThat(message.getTraceId()).isEqualTo(request.getTraceId());
			assertThat(message.getParentId()).isEqualTo(handshake.getSpanId());
		});
	}

	private List<SimpleSpan> spans(String name) {
		return this.tracer.getSpans().stream().filter((span) -> name.equals(span.getName())).toList();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Traced {

		@Bean
		SimpleTracer tracer() {
			return new SimpleTracer();
		}

		@Bean
		ObservationRegistry observationRegistry(SimpleTracer tracer) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
			return registry;
		}

	}

}
