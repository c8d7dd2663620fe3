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
