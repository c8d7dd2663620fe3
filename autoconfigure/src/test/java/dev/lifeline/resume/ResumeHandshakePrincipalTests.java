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

package dev.lifeline.resume;

import java.security.Principal;
import java.time.Duration;
import java.util.Map;

import dev.lifeline.autoconfigure.ManagedEndpointCustomizer;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.ResumingClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session whose principal the endpoint's handshake handler decided (here from a query
 * parameter, as the sample's display names are) resumes past the per-user cap like any
 * other: the handshake request has no principal of its own, so admission cannot compare
 * it, and the resume compares the one the handler decided. A context that is stopped and
 * started again, as Spring's test framework pauses the contexts it caches, still resumes
 * sessions.
 */
@LifelineServerTest(classes = { ResumeTestApplication.class, ResumeHandshakePrincipalTests.NameFromQuery.class },
		properties = { "lifeline.resume.window=5s", "lifeline.max-sessions-per-user=1" })
class ResumeHandshakePrincipalTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	SessionRegistry registry;

	@Autowired
	ResumeTestApplication.RecordingHandler handler;

	@Autowired
	ConfigurableApplicationContext context;

	@BeforeEach
	void noSessionLeft() {
		await().atMost(TIMEOUT).until(() -> this.registry.count() == 0);
	}

	@Test
	void resumeOfASessionWhosePrincipalTheHandshakeHandlerDecidedIsNotRefusedByTheUserCap() throws Exception {
		this.handler.clear();
		try (ResumingClient client = ResumingClient.open(port(), "/ws", "name=alice", null)) {
			client.reset();
			await().atMost(TIMEOUT).until(() -> this.registry.resumable().getDetachedCount() == 1);
			try (RawWebSocketClient second = RawWebSocketClient.connectTcp(port())) {
				// The detached session holds alice's only slot.
				assertThat(second.handshake("/ws?name=alice", Map.of())).isEqualTo(429);
			}
			assertThat(client.resume()).containsEntry("type", "resumed");
			assertThat(this.handler.opens).hasValue(1);
			client.closeSession(1000);
		}
	}

	@Test
	void sessionsResumeAfterTheContextIsStoppedAndStartedAgain() throws Exception {
		this.context.stop();
		this.context.start();
		this.handler.clear();
		try (ResumingClient client = ResumingClient.open(port(), "/ws", "name=bob", null)) {
			client.reset();
			await().atMost(TIMEOUT).until(() -> this.registry.resumable().getDetachedCount() == 1);
			assertThat(client.resume()).containsEntry("type", "resumed");
			assertThat(this.handler.opens).hasValue(1);
			client.closeSession(1000);
		}
	}

	/**
	 * The server's port now: a web server started again may listen on another one.
	 */
	private int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	@Configuration(proxyBeanMethods = false)
	static class NameFromQuery {

		@Bean
		ManagedEndpointCustomizer nameFromQuery() {
			return (registration) -> registration
				.setHandshakeHandler(new NameHandshakeHandler(registration.getRequestUpgradeStrategy()));
		}

	}

	static class NameHandshakeHandler extends DefaultHandshakeHandler {

		NameHandshakeHandler(RequestUpgradeStrategy strategy) {
			super(strategy);
		}

		@Override
		protected @Nullable Principal determineUser(ServerHttpRequest request, WebSocketHandler wsHandler,
				Map<String, Object> attributes) {
			String name = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("name");
			return (name != null) ? () -> name : super.determineUser(request, wsHandler, attributes);
		}

	}

}
