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
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.lifeline.test.EchoTestApplication;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the handshake and message observations on a real port, recorded by a
 * {@link TestObservationRegistry} that Boot's web observation also uses, so that the
 * handshake's parent is the upgrade request's own observation.
 */
@LifelineServerTest(properties = "lifeline.observations.messages=true")
@Import(WebSocketObservationIntegrationTests.Observed.class)
class WebSocketObservationIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@LocalServerPort
	int port;

	@Autowired
	TestObservationRegistry registry;

	@Autowired
	List<Observation.Context> stopped;

	@BeforeEach
	void clear() {
		this.registry.clear();
		this.stopped.clear();
	}

	@Test
	void handshakeContinuesTheUpgradeRequestsObservation() {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
			await().atMost(TIMEOUT).until(() -> !contexts("websocket.handshake").isEmpty());
		}
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("websocket.handshake")
			.that()
			.hasBeenStarted()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasParentObservationContextMatching((parent) -> "http.server.requests".equals(parent.getName()));
		Observation.Context handshake = contexts("websocket.handshake").get(0);
		assertThat(handshake.getContextualName()).isEqualTo("websocket handshake");
		assertThat(lowCardinality(handshake))
			.containsExactlyInAnyOrderEntriesOf(Map.of("websocket.endpoint", "/ws", "outcome", "SUCCESS"));
		ObservationView parent = handshake.getParentObservation();
		assertThat(parent).isNotNull();
		assertThat(parent.getContextView().getName()).isEqualTo("http.server.requests");
	}

	@Test
	void refusedHandshakeHasTheRejectionReasonAsOutcome() throws Exception {
		try (RawWebSocketClient foreign = RawWebSocketClient.connectTcp(this.port)) {
			assertThat(foreign.handshake("/ws", Map.of("Origin", "http://evil.example"))).isEqualTo(403);
		}
		await().atMost(TIMEOUT).until(() -> !contexts("websocket.handshake").isEmpty());
		assertThat(lowCardinality(contexts("websocket.handshake").get(0))).containsEntry("outcome", "ORIGIN");
	}

	@Test
	void messagesAreChildrenOfTheirHandshake() throws Exception {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
			client.send("one");
			assertThat(client.nextText(TIMEOUT)).isEqualTo("one");
			client.sendBinary(new byte[] { 1, 2, 3 });
			await().atMost(TIMEOUT).until(() -> contexts("websocket.message").size() == 2);
		}
		Observation.Context handshake = contexts("websocket.handshake").get(0);
		List<Observation.Context> messages = contexts("websocket.message");
		assertThat(messages).extracting(Observation.Context::getContextualName)
			.containsExactly("websocket text message", "websocket binary message");
		assertThat(lowCardinality(messages.get(0))).containsExactlyInAnyOrderEntriesOf(Map.of("websocket.endpoint",
				"/ws", "websocket.message.type", "text", "outcome", "SUCCESS", "websocket.close.cause", "NONE"));
		assertThat(lowCardinality(messages.get(1))).containsEntry("websocket.message.type", "binary");
		assertThat(messages).allSatisfy((message) -> {
			assertThat(message.getParentObservation()).isNotNull();
			assertThat(message.getParentObservation().getContextView()).isSameAs(handshake);
		});
	}

	@Test
	void failingHandlerIsAnErrorThatClosesTheSession() throws Exception {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
			client.send("throw");
			assertThat(client.closeCode().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1011);
		}
		await().atMost(TIMEOUT).until(() -> !contexts("websocket.message").isEmpty());
		Observation.Context message = contexts("websocket.message").get(0);
		assertThat(message.getError()).isInstanceOf(IllegalStateException.class);
		assertThat(lowCardinality(message)).containsEntry("outcome", "ERROR")
			.containsEntry("websocket.close.cause", "SERVER_ERROR");
	}

	List<Observation.Context> contexts(String name) {
		return this.stopped.stream().filter((context) -> name.equals(context.getName())).toList();
	}

	static Map<String, String> lowCardinality(Observation.Context context) {
		return context.getLowCardinalityKeyValues()
			.stream()
			.collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
	}

	@Nested
	@TestPropertySource(properties = "lifeline.observations.messages=false")
	class MessagesOff {

		@Test
		void observesHandshakesButNoMessages() throws Exception {
			try (JdkWebSocketClient client = JdkWebSocketClient.connect(WebSocketObservationIntegrationTests.this.port,
					"/ws")) {
				client.send("one");
				assertThat(client.nextText(TIMEOUT)).isEqualTo("one");
			}
			await().atMost(TIMEOUT).until(() -> !contexts("websocket.handshake").isEmpty());
			assertThat(contexts("websocket.message")).isEmpty();
		}

	}

	@Nested
	@TestPropertySource(properties = "management.observations.enable.websocket=false")
	class DisabledThroughBootsProperties {

		@Test
		void observesNeitherHandshakesNorMessages() throws Exception {
			try (JdkWebSocketClient client = JdkWebSocketClient.connect(WebSocketObservationIntegrationTests.this.port,
					"/ws")) {
				client.send("one");
				assertThat(client.nextText(TIMEOUT)).isEqualTo("one");
			}
			await().atMost(TIMEOUT).until(() -> !contexts("http.server.requests").isEmpty());
			assertThat(contexts("websocket.handshake")).isEmpty();
			assertThat(contexts("websocket.message")).isEmpty();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Observed {

		@Bean
		TestObservationRegistry observationRegistry(List<Observation.Context> stopped) {
			TestObservationRegistry registry = TestObservationRegistry.create();
			registry.observationConfig().observationHandler(new ObservationHandler<>() {

				@Override
				public void onStop(Observation.Context context) {
					stopped.add(context);
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

			});
			return registry;
		}

		@Bean
		List<Observation.Context> stoppedObservations() {
			return new CopyOnWriteArrayList<>();
		}

		@Bean
		@Primary
		EchoTestApplication.EchoHandler throwingEchoHandler() {
			return new EchoTestApplication.ThrowingEchoHandler();
		}

	}

}
