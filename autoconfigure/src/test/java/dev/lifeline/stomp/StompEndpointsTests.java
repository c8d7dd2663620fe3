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

package dev.lifeline.stomp;

import dev.lifeline.server.OverflowStrategy;
import dev.lifeline.server.SessionSettings;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.server.handshake.HandshakeGuard;
import dev.lifeline.server.handshake.SessionSlots;
import dev.lifeline.test.InMemoryWebSocketSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StompEndpoints} and its {@link StompSessionHandler}: how a STOMP
 * broker's mapping becomes managed endpoints, and where sessions go.
 */
@ExtendWith(OutputCaptureExtension.class)
class StompEndpointsTests {

	private static final SessionSettings SETTINGS = new SessionSettings(100, DataSize.ofKilobytes(64),
			DataSize.ofKilobytes(64), Duration.ofSeconds(10), DataSize.ofKilobytes(512), OverflowStrategy.TERMINATE,
			Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));

	private final SessionRegistry sessions = new SessionRegistry(SETTINGS, List::of, (event) -> {
	});

	private final StompEndpoints endpoints = new StompEndpoints(this.sessions, new SessionSlots(100, null, null), null,
			SETTINGS, (handler) -> {
			}, true);

	private final Recording broker = new Recording();

	@Test
	void eachPathBecomesAnEndpointGuardedBeforeTheApplicationsInterceptors(CapturedOutput output) {
		WebSocketHandler decorated = this.endpoints.decorate(this.broker);
		WebSocketHttpRequestHandler first = requestHandler(decorated);
		WebSocketHttpRequestHandler second = requestHandler(decorated);
		WebSocketHandlerMapping mapping = mapping(Map.of("/first", first, "/second", second));
		assertThat(StompEndpoints.isStompMapping(mapping)).isTrue();
		this.endpoints.manage("stompWebSocketHandlerMapping", mapping);
		assertThat(this.sessions.getEndpoint("/first"))
			.hasValueSatisfying((endpoint) -> assertThat(endpoint.getPath()).isEqualTo("/first"));
		assertThat(this.sessions.getEndpoint("/second")).isPresent();
		assertThat(first.getHandshakeInterceptors()).element(0).isInstanceOf(HandshakeGuard.class);
		assertThat(first.getHandshakeInterceptors()).last().isInstanceOf(OriginHandshakeInterceptor.class);
		assertThat(output).doesNotContain("WARN");
	}

	@Test
	void aMappingOfOtherHandlersIsNotAStompMapping() {
		WebSocketHandlerMapping mapping = mapping(Map.of("/ws", requestHandler(this.broker)));
		assertThat(StompEndpoints.isStompMapping(mapping)).isFalse();
		this.endpoints.manage("other", mapping);
		assertThat(this.sessions.getEndpoints()).extracting("name").containsExactly("default");
	}

	@Test
	void aDecoratorOutsideLifelinesIsNamedAtStartup(CapturedOutput output) {
		WebSocketHandler outer = new WebSocketHandlerDecorator(this.endpoints.decorate(this.broker));
		this.endpoints.manage("stompWebSocketHandlerMapping", mapping(Map.of("/stomp", requestHandler(outer))));
		assertThat(output).containsOnlyOnce("STOMP endpoint '/stomp': the WebSocketHandlerDecoratorFactory decorator "
				+ WebSocketHandlerDecorator.class.getName() + " wraps Lifeline's");
		assertThat(this.sessions.getEndpoint("/stomp")).isPresent();
	}

	@Test
	void sessionWithoutAnEndpointGoesToTheBrokerUnmanaged() throws Exception {
		WebSocketHandler decorated = this.endpoints.decorate(this.broker);
		WebSocketSession sockJs = new InMemoryWebSocketSession("sockjs-1");
		decorated.afterConnectionEstablished(sockJs);
		decorated.handleMessage(sockJs, new TextMessage("CONNECT"));
		decorated.afterConnectionClosed(sockJs, CloseStatus.NORMAL);
		assertThat(this.broker.events).containsExactly("open sockjs-1", "message sockjs-1", "closed sockjs-1");
		assertThat(this.sessions.count()).isZero();
		assertThat(decorated.supportsPartialMessages()).isTrue();
	}

	private static WebSocketHttpRequestHandler requestHandler(WebSocketHandler handler) {
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(handler);
		requestHandler.setHandshakeInterceptors(List.of(new OriginHandshakeInterceptor()));
		return requestHandler;
	}

	private static WebSocketHandlerMapping mapping(Map<String, Object> urlMap) {
		WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
		mapping.setUrlMap(urlMap);
		return mapping;
	}

	/**
	 * Stands in for Spring's {@code SubProtocolWebSocketHandler}.
	 */
	static class Recording extends AbstractWebSocketHandler {

		final List<String> events = new ArrayList<>();

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			this.events.add("open " + session.getId());
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			this.events.add("message " + session.getId());
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			this.events.add("closed " + session.getId());
		}

	}

}
