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

package dev.lifeline.server.handshake;

import dev.lifeline.server.engine.Registries;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.engine.SessionDrain;
import dev.lifeline.server.engine.SessionRegistry;
import java.util.HashMap;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HandshakeGuard}.
 */
class HandshakeGuardTests {

	private static final String VALID_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

	private final SessionRegistry sessions = Registries.create(2, List.of(), null);

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private HandshakeGuard guard = new HandshakeGuard(this.sessions, List.of(), List.of());

	@Test
	void acceptsAClientWithoutOrigin() throws Exception {
		assertThat(beforeHandshake()).isTrue();
		assertThat(this.sessions.getStatistics().getRejectedByReason()).isEmpty();
	}

	@Test
	void acceptsTheServersOwnOrigin() throws Exception {
		this.request.addHeader(HttpHeaders.ORIGIN, "http://localhost");
		assertThat(beforeHandshake()).isTrue();
	}

	@Test
	void refusesAForeignOriginWith403() throws Exception {
		this.request.addHeader(HttpHeaders.ORIGIN, "https://evil.example.com");
		assertThat(beforeHandshake()).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(403);
		assertThat(this.sessions.getStatistics().getRejected(RejectionReason.ORIGIN)).isOne();
	}

	@Test
	void acceptsAnAllowedOrigin() throws Exception {
		this.guard = new HandshakeGuard(this.sessions, List.of("https://app.example.com"), List.of());
		this.request.addHeader(HttpHeaders.ORIGIN, "https://app.example.com");
		assertThat(beforeHandshake()).isTrue();
	}

	@Test
	void acceptsAnOriginMatchingAPattern() throws Exception {
		this.guard = new HandshakeGuard(this.sessions, List.of(), List.of("https://*.example.com"));
		this.request.addHeader(HttpHeaders.ORIGIN, "https://chat.example.com");
		assertThat(beforeHandshake()).isTrue();
		this.request.removeHeader(HttpHeaders.ORIGIN);
		this.request.addHeader(HttpHeaders.ORIGIN, "https://example.org");
		assertThat(beforeHandshake()).isFalse();
	}

	@Test
	void acceptsAKeyOfSixteenBytes() throws Exception {
		this.request.addHeader(WebSocketHttpHeaders.SEC_WEBSOCKET_KEY, VALID_KEY);
		assertThat(beforeHandshake()).isTrue();
	}

	@Test
	void refusesAKeyThatIsNotBase64With400() throws Exception {
		this.request.addHeader(WebSocketHttpHeaders.SEC_WEBSOCKET_KEY, "not base64!");
		assertThat(beforeHandshake()).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(400);
		assertThat(this.sessions.getStatistics().getRejected(RejectionReason.INVALID_HANDSHAKE)).isOne();
	}

	@Test
	void refusesAKeyOfTheWrongLengthWith400() throws Exception {
		this.request.addHeader(WebSocketHttpHeaders.SEC_WEBSOCKET_KEY, "c2hvcnQ=");
		assertThat(beforeHandshake()).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(400);
	}

	@Test
	void refusesAtCapacityWith503AndRetryAfter() throws Exception {
		assertThat(beforeHandshake()).isTrue();
		assertThat(beforeHandshake()).isTrue();
		assertThat(beforeHandshake()).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		assertThat(this.sessions.getStatistics().getRejected(RejectionReason.CAPACITY)).isOne();
	}

	@Test
	void refusesWhileDrainingWith503() throws Exception {
		new SessionDrain(this.sessions).stop();
		assertThat(beforeHandshake()).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.sessions.getStatistics().getRejected(RejectionReason.SHUTDOWN)).isOne();
	}

	@Test
	void countsAHandshakeTheHandlerRefusedAfterwards() {
		this.response.setStatus(400);
		this.guard.afterHandshake(serverRequest(), new ServletServerHttpResponse(this.response),
				new TextWebSocketHandler(), null);
		assertThat(this.sessions.getStatistics().getRejected(RejectionReason.INVALID_HANDSHAKE)).isOne();
	}

	@Test
	void countsAFailedHandshake() {
		this.guard.afterHandshake(serverRequest(), new ServletServerHttpResponse(this.response),
				new TextWebSocketHandler(), new IllegalStateException("upgrade failed"));
		assertThat(this.sessions.getStatistics().getRejected(RejectionReason.INVALID_HANDSHAKE)).isOne();
	}

	@Test
	void doesNotCountASuccessfulHandshake() {
		this.response.setStatus(101);
		this.guard.afterHandshake(serverRequest(), new ServletServerHttpResponse(this.response),
				new TextWebSocketHandler(), null);
		assertThat(this.sessions.getStatistics().getRejectedByReason()).isEmpty();
	}

	private boolean beforeHandshake() throws Exception {
		ServletServerHttpResponse serverResponse = new ServletServerHttpResponse(this.response);
		boolean accepted = this.guard.beforeHandshake(serverRequest(), serverResponse, new TextWebSocketHandler(),
				new HashMap<>());
		serverResponse.flush();
		return accepted;
	}

	private ServletServerHttpRequest serverRequest() {
		return new ServletServerHttpRequest(this.request);
	}

}
