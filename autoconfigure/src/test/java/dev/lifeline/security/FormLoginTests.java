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

package dev.lifeline.security;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.handshake.SessionSlots;
import dev.lifeline.test.EchoTestApplication.EchoHandler;
import dev.lifeline.test.HandshakeBurst;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.session.MapSession;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.web.socket.server.support.HttpSessionHandshakeInterceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Spring Security's form login: logging out closes the user's WebSocket sessions
 * with 1008 and {@code CREDENTIALS_EXPIRED}, and {@code max-sessions-per-user} caps each
 * principal exactly. Spring Session's end of a session closes them the same way.
 */
@LifelineServerTest(classes = FormLoginTests.FormLoginApplication.class, properties = { "spring.autoconfigure.exclude=",
		"lifeline.max-sessions-per-user=2", "lifeline.heartbeat.enabled=false" })
class FormLoginTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	SessionSlots slots;

	@Autowired
	ApplicationEventPublisher eventPublisher;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void logoutClosesTheSessionWithinOneSecond() throws Exception {
		long before = this.sessions.getStatistics().getClosed(CloseCause.CREDENTIALS_EXPIRED);
		String cookie = logIn("alice");
		try (RawWebSocketClient client = RawWebSocketClient.connectTcp(this.port);
				RawWebSocketClient anonymous = RawWebSocketClient.connectTcp(this.port)) {
			assertThat(client.handshake("/ws", Map.of("Cookie", cookie))).isEqualTo(101);
			assertThat(anonymous.handshake("/ws", Map.of())).isNotEqualTo(101);
			client.sendText("signed in");
			assertThat(client.readMessage(TIMEOUT).text()).isEqualTo("signed in");
			assertThat(this.sessions.stream().map((session) -> session.getPrincipalName())).containsExactly("alice");
			long loggedOutAt = System.nanoTime();
			assertThat(post("/logout", "", cookie).statusCode()).isEqualTo(302);
			assertThat(client.awaitClose(TIMEOUT)).isEqualTo(1008);
			assertThat(Duration.ofNanos(System.nanoTime() - loggedOutAt)).isLessThan(Duration.ofSeconds(1));
		}
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.sessions.getStatistics().getClosed(CloseCause.CREDENTIALS_EXPIRED))
				.isEqualTo(before + 1));
		assertThat(this.sessions.getStatistics().getClosed(CloseCause.POLICY_VIOLATION)).isZero();
	}

	@Test
	void springSessionsEndClosesTheSession() throws Exception {
		long before = this.sessions.getStatistics().getClosed(CloseCause.CREDENTIALS_EXPIRED);
		String cookie = logIn("alice");
		try (RawWebSocketClient client = RawWebSocketClient.connectTcp(this.port)) {
			assertThat(client.handshake("/ws", Map.of("Cookie", cookie))).isEqualTo(101);
			client.sendText("signed in");
			assertThat(client.readMessage(TIMEOUT).text()).isEqualTo("signed in");
			// The id the handshake recorded (Jetty's cookie also carries a node suffix)
			String httpSessionId = (String) this.sessions.stream()
				.findFirst()
				.orElseThrow()
				.getAttributes()
				.get(HttpSessionHandshakeInterceptor.HTTP_SESSION_ID_ATTR_NAME);
			MapSession httpSession = new MapSession(httpSessionId);
			this.eventPublisher.publishEvent(new SessionDeletedEvent(this, httpSession));
			assertThat(client.awaitClose(TIMEOUT)).isEqualTo(1008);
		}
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.sessions.getStatistics().getClosed(CloseCause.CREDENTIALS_EXPIRED))
				.isEqualTo(before + 1));
	}

	@Test
	void principalGetsExactlyItsCapUnderABurst() throws Exception {
		long before = this.sessions.getStatistics().getRejected(RejectionReason.USER_LIMIT);
		String alice = logIn("alice");
		try (HandshakeBurst burst = HandshakeBurst.send(this.port, "/ws", 20, Map.of("Cookie", alice));
				RawWebSocketClient bob = RawWebSocketClient.connectTcp(this.port)) {
			List<RawWebSocketClient> refused = burst.withStatus(429);
			assertThat(burst.withStatus(101)).hasSize(2);
			assertThat(refused).hasSize(18);
			assertThat(refused).allSatisfy((client) -> assertThat(client.responseHeader("Retry-After")).isNotBlank());
			assertThat(this.sessions.getStatistics().getRejected(RejectionReason.USER_LIMIT) - before).isEqualTo(18);
			assertThat(this.slots.getReservedByUser("alice")).isEqualTo(2);
			assertThat(bob.handshake("/ws", Map.of("Cookie", logIn("bob")))).isEqualTo(101);
		}
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.slots.getReserved()).isZero());
	}

	private String logIn(String user) throws Exception {
		HttpResponse<String> response = post("/login", "username=" + user + "&password=secret", null);
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).doesNotContain("error"));
		String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
		return setCookie.substring(0, setCookie.indexOf(';'));
	}

	private HttpResponse<String> post(String path, String form, String cookie) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FormLoginApplication {

		@Bean
		EchoHandler echoHandler() {
			return new EchoHandler();
		}

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.formLogin(Customizer.withDefaults())
				.logout(Customizer.withDefaults())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").build(),
					User.withUsername("bob").password("{noop}secret").build());
		}

	}

}
