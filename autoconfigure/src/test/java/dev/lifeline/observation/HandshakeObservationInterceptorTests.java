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

import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.handshake.HandshakeGuard;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HandshakeObservationInterceptor}.
 */
class HandshakeObservationInterceptorTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final MockHttpServletRequest servletRequest = new MockHttpServletRequest("GET", "/ws");

	private final MockHttpServletResponse servletResponse = new MockHttpServletResponse();

	private final Map<String, Object> attributes = new HashMap<>();

	@Test
	void acceptedHandshakeIsASuccessKeptForTheSessionsMessages() {
		handshake(new HandshakeObservationInterceptor(this.registry, null, "/ws", true), 101, null);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasNameEqualTo("websocket.handshake")
			.hasContextualNameEqualTo("websocket handshake")
			.hasLowCardinalityKeyValue("websocket.endpoint", "/ws")
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasBeenStopped();
		assertThat(this.attributes).containsKey(HandshakeObservationInterceptor.OBSERVATION_ATTRIBUTE);
	}

	@Test
	void handshakeRefusedByTheGuardHasItsReasonAsOutcome() {
		this.servletRequest.setAttribute(HandshakeGuard.REJECTION_REASON_ATTRIBUTE, RejectionReason.CAPACITY);
		handshake(new HandshakeObservationInterceptor(this.registry, null, "/ws", true), 503, null);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "CAPACITY");
	}

	@Test
	void handshakeRefusedByAnotherInterceptorIsRejected() {
		handshake(new HandshakeObservationInterceptor(this.registry, null, "/ws", true), 200, null);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "REJECTED");
	}

	@Test
	void failedHandshakeIsAnError() {
		IOException failure = new IOException("Upgrade failed");
		handshake(new HandshakeObservationInterceptor(this.registry, null, "/ws", true), 500, failure);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "ERROR")
			.hasError(failure);
	}

	@Test
	void customConventionNamesTheObservation() {
		WebSocketHandshakeObservationConvention convention = new DefaultWebSocketHandshakeObservationConvention() {

			@Override
			public String getName() {
				return "chat.connect";
			}

		};
		handshake(new HandshakeObservationInterceptor(this.registry, convention, "/ws", true), 101, null);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasNameEqualTo("chat.connect")
			.hasLowCardinalityKeyValue("outcome", "SUCCESS");
	}

	@Test
	void observationIsNotKeptWhenMessagesAreNotObserved() {
		handshake(new HandshakeObservationInterceptor(this.registry, null, "/ws", false), 101, null);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "SUCCESS");
		assertThat(this.attributes).isEmpty();
	}

	@Test
	void noopRegistryKeepsNothing() {
		handshake(new HandshakeObservationInterceptor(ObservationRegistry.NOOP, null, "/ws", true), 101, null);
		assertThat(this.attributes).isEmpty();
		assertThat(this.servletRequest.getAttribute(HandshakeObservationInterceptor.OBSERVATION_ATTRIBUTE)).isNull();
	}

	private void handshake(HandshakeObservationInterceptor interceptor, int status, Exception failure) {
		ServletServerHttpRequest request = new ServletServerHttpRequest(this.servletRequest);
		ServletServerHttpResponse response = new ServletServerHttpResponse(this.servletResponse);
		TextWebSocketHandler handler = new TextWebSocketHandler();
		assertThat(interceptor.beforeHandshake(request, response, handler, this.attributes)).isTrue();
		this.servletResponse.setStatus(status);
		interceptor.afterHandshake(request, response, handler, failure);
	}

}
