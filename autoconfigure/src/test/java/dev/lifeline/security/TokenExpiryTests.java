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

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.lifeline.server.CloseCause;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.EchoTestApplication.EchoHandler;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session opened with a bearer token closes with 1008 and {@code CREDENTIALS_EXPIRED}
 * at the instant the token expires. The token is signed with a key the test makes and
 * decoded locally.
 */
@LifelineServerTest(classes = TokenExpiryTests.ResourceServerApplication.class,
		properties = { "spring.autoconfigure.exclude=", "lifeline.heartbeat.enabled=false" })
class TokenExpiryTests {

	private static final KeyPair keys = generateKeys();

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Test
	void sessionClosesWhenItsTokenExpires() throws Exception {
		long before = this.sessions.getStatistics().getClosed(CloseCause.CREDENTIALS_EXPIRED);
		// A JWT's expiry has whole seconds: this one expires in 2 to 3 s.
		Instant expiresAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
		String token = token("alice", expiresAt);
		try (RawWebSocketClient client = RawWebSocketClient.connectTcp(this.port);
				RawWebSocketClient expired = RawWebSocketClient.connectTcp(this.port)) {
			assertThat(client.handshake("/ws", Map.of("Authorization", "Bearer " + token))).isEqualTo(101);
			client.sendText("authenticated");
			assertThat(client.readMessage(Duration.ofSeconds(5)).text()).isEqualTo("authenticated");
			assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(1008);
			Instant closedAt = Instant.now();
			assertThat(closedAt).isBetween(expiresAt, expiresAt.plusSeconds(1));
			// Spring Security accepts a token up to 60 s past its expiry (clock skew);
			// Lifeline closes such a session at once.
			assertThat(expired.handshake("/ws", Map.of("Authorization", "Bearer " + token("alice", expiresAt))))
				.isEqualTo(101);
			assertThat(expired.awaitClose(Duration.ofSeconds(5))).isEqualTo(1008);
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.sessions.getStatistics().getClosed(CloseCause.CREDENTIALS_EXPIRED))
				.isEqualTo(before + 2));
	}

	static String token(String subject, Instant expiresAt) {
		RSAKey key = new RSAKey.Builder((RSAPublicKey) keys.getPublic()).privateKey((RSAPrivateKey) keys.getPrivate())
			.build();
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(subject)
			.issuedAt(expiresAt.minusSeconds(60))
			.expiresAt(expiresAt)
			.build();
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
			.getTokenValue();
	}

	private static KeyPair generateKeys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ResourceServerApplication {

		@Bean
		EchoHandler echoHandler() {
			return new EchoHandler();
		}

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
				.build();
		}

		@Bean
		JwtDecoder jwtDecoder() {
			return NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic()).build();
		}

	}

}
