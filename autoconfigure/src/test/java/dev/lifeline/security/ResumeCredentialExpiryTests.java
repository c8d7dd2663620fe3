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
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.ResumingClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A resumable session's credentials still end it while it is detached, and a resume arms
 * its expiry again from the credentials it resumed with: a client that resumes with a
 * fresh token keeps its session past the old token's expiry.
 */
@LifelineServerTest(classes = TokenExpiryTests.ResourceServerApplication.class,
		properties = { "spring.autoconfigure.exclude=", "lifeline.heartbeat.enabled=false" })
class ResumeCredentialExpiryTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Test
	void credentialsThatExpireWhileDetachedEndTheSession() throws Exception {
		long before = this.sessions.getStatistics().getClosed(CloseCause.CREDENTIALS_EXPIRED);
		Instant expiresAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
		try (ResumingClient client = openAndDetach(expiresAt)) {
			String id = client.sessionId();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.sessions.find(id).isEmpty());
			assertThat(Instant.now()).isAfterOrEqualTo(expiresAt);
			assertThat(this.sessions.getStatistics().getClosed(CloseCause.CREDENTIALS_EXPIRED)).isEqualTo(before + 1);
		}
	}

	@Test
	void resumeWithFreshCredentialsArmsTheExpiryAgain() throws Exception {
		Instant expiresAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
		try (ResumingClient client = openAndDetach(expiresAt)) {
			String id = client.sessionId();
			client.headers(Map.of("Authorization",
					"Bearer " + TokenExpiryTests.token("alice", Instant.now().plusSeconds(60))));
			assertThat(client.resume()).containsEntry("type", "resumed");
			await().pollDelay(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(10))
				.until(() -> Instant.now().isAfter(expiresAt.plusSeconds(1)));
			assertThat(this.sessions.find(id)).isPresent();
			assertThat(this.sessions.find(id).orElseThrow().getResumeStatus().detached()).isFalse();
		}
	}

	/**
	 * Open a session as alice, with credentials that expire at the given instant, and
	 * drop its connection without a close frame: the session is detached.
	 */
	private ResumingClient openAndDetach(Instant expiresAt) throws Exception {
		ResumingClient client = ResumingClient.open(this.port, "/ws",
				Map.of("Authorization", "Bearer " + TokenExpiryTests.token("alice", expiresAt)));
		String id = client.sessionId();
		client.reset();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.sessions.find(id).map((session) -> session.getResumeStatus().detached()).orElse(false));
		return client;
	}

}
