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

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.StompTestApplication;
import dev.lifeline.test.StompTestApplication.DisconnectEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The getting-started application behind Spring Security's form login: logging out closes
 * the user's STOMP sessions with 1008 and {@code CREDENTIALS_EXPIRED}, and Spring
 * publishes one {@code SessionDisconnectEvent} for each.
 */
@LifelineServerTest(classes = StompTestApplication.class,
		properties = { "spring.autoconfigure.exclude=", "lifeline.heartbeat.enabled=false" })
@Import(StompLogoutTests.FormLogin.class)
class StompLogoutTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	DisconnectEvents disconnects;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void logoutClosesTheStompSessionWith1008() throws Exception {
		String cookie = logIn("alice");
		try (RawWebSocketClient client = RawWebSocketClient.connectTcp(this.port)) {
			assertThat(client.handshake(StompTestApplication.ENDPOINT, Map.of("Cookie", cookie))).isEqualTo(101);
			StompEndpointTests.connect(client);
			LifelineSession session = this.sessions.stream().findFirst().orElseThrow();
			assertThat(session.getPrincipalName()).isEqualTo("alice");
			assertThat(post("/logout", cookie).statusCode()).isEqualTo(302);
			assertThat(client.awaitClose(TIMEOUT)).isEqualTo(1008);
			await().atMost(TIMEOUT).until(() -> this.disconnects.of(session.getId()).size() == 1);
			assertThat(this.sessions.getStatistics().getClosed(CloseCause.CREDENTIALS_EXPIRED)).isEqualTo(1);
		}
	}

	private String logIn(String user) throws Exception {
		HttpResponse<String> response = post("/login?username=" + user + "&password=secret", null);
		assertThat(response.statusCode()).isEqualTo(302);
		String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
		return setCookie.substring(0, setCookie.indexOf(';'));
	}

	private HttpResponse<String> post(String path, String cookie) throws Exception {
		String[] parts = path.split("\\?", 2);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + parts[0]))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString((parts.length > 1) ? parts[1] : ""));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Configuration(proxyBeanMethods = false)
	static class FormLogin {

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
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").build());
		}

	}

}
