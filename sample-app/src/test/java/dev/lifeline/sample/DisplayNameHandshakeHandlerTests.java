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

package dev.lifeline.sample;

import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.RequestUpgradeStrategy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DisplayNameHandshakeHandler}, with a strategy that records the
 * principal it is asked to upgrade with.
 */
class DisplayNameHandshakeHandlerTests {

	private final RecordingStrategy strategy = new RecordingStrategy();

	private final DisplayNameHandshakeHandler handler = new DisplayNameHandshakeHandler(this.strategy);

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void displayNameBecomesThePrincipal() {
		assertThat(handshake("user=Zo%C3%AB")).isTrue();
		assertThat(this.strategy.user.get()).isEqualTo(new DisplayNameHandshakeHandler.DisplayName("Zoë"));
		assertThat(this.strategy.user.get().getName()).isEqualTo("Zoë");
	}

	@Test
	void withoutUserTheSessionHasNoPrincipal() {
		assertThat(handshake(null)).isTrue();
		assertThat(this.strategy.upgraded).isTrue();
		assertThat(this.strategy.user.get()).isNull();
	}

	@Test
	void otherParametersAreIgnored() {
		assertThat(handshake("room=lobby&user=bob")).isTrue();
		assertThat(this.strategy.user.get().getName()).isEqualTo("bob");
	}

	@ParameterizedTest
	@ValueSource(strings = { "user=", "user", "user=bo%20b", "user=bob%0A", "user=%E2%80%AEbob", "user=bob%zz",
			"user=alice&user=bob", "user=123456789012345678901234567890123" })
	void badUserIsRefusedWith400BeforeTheUpgrade(String query) {
		assertThat(handshake(query)).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(400);
		assertThat(this.strategy.upgraded).isFalse();
	}

	private boolean handshake(@Nullable String query) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");
		request.setQueryString(query);
		request.addHeader("Upgrade", "websocket");
		request.addHeader("Connection", "Upgrade");
		request.addHeader("Sec-WebSocket-Version", "13");
		request.addHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
		Map<String, Object> attributes = new HashMap<>();
		return this.handler.doHandshake(new ServletServerHttpRequest(request),
				new ServletServerHttpResponse(this.response), new TextWebSocketHandler(), attributes);
	}

	static class RecordingStrategy implements RequestUpgradeStrategy {

		private final AtomicReference<@Nullable Principal> user = new AtomicReference<>();

		private volatile boolean upgraded;

		@Override
		public String[] getSupportedVersions() {
			return new String[] { "13" };
		}

		@Override
		public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
			return List.of();
		}

		@Override
		public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
				List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
				Map<String, Object> attributes) {
			this.upgraded = true;
			this.user.set(user);
		}

	}

}
