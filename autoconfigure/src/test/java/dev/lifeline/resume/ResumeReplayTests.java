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

import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.engine.ResumeCounters;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.ResumingClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing is lost, and nothing processed twice, when a resumable session's TCP connection
 * is reset again and again in the middle of a stream: the application sends 1,000
 * messages a second (every fifth binary), the client's connection is reset ten times and
 * comes back a second later, and the client receives exactly 1..N in order; the same for
 * what the client sends. The application sees one open and no close throughout.
 */
@LifelineServerTest(classes = ResumeTestApplication.class)
class ResumeReplayTests {

	private static final int RESETS = 10;

	private static final Duration AWAY = Duration.ofSeconds(1);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	SessionRegistry registry;

	@Autowired
	ResumeTestApplication.RecordingHandler handler;

	@BeforeEach
	void clear() {
		this.handler.clear();
	}

	@Test
	void applicationToClientSurvivesTenResets() throws Exception {
		ResumeCounters counters = this.registry.resumable().getCounters();
		long resumedBefore = counters.getResumed();
		long replayedBefore = counters.getReplayed();
		long gapBefore = counters.getGapNanos();
		try (ResumingClient client = ResumingClient.open(this.port, "/ws")) {
			LifelineSession session = this.sessions.find(client.sessionId()).orElseThrow();
			int total = 1000 * (RESETS + 2);
			Thread sender = new Thread(() -> {
				long start = System.nanoTime();
				for (int i = 1; i <= total; i++) {
					LockSupport.parkNanos(start + i * 1_000_000L - System.nanoTime());
					String text = Integer.toString(i);
					if (i % 5 == 0) {
						session.sendAsync(new BinaryMessage(text.getBytes(StandardCharsets.UTF_8)));
					}
					else {
						session.sendAsync(new TextMessage(text));
					}
				}
			}, "application-sender");
			sender.start();
			for (int reset = 0; reset < RESETS; reset++) {
				int seen = client.received().size();
				await().atMost(TIMEOUT).until(() -> client.received().size() >= seen + 200);
				client.reset();
				awayFor(AWAY);
				assertThat(client.resume()).containsEntry("type", "resumed");
			}
			await().atMost(TIMEOUT).until(() -> client.received().size() >= total);
			sender.join();
			List<Object> received = client.received();
			assertThat(received).hasSize(total);
			for (int i = 1; i <= total; i++) {
				Object message = received.get(i - 1);
				if (i % 5 == 0) {
					assertThat(message).isInstanceOf(byte[].class);
					assertThat(new String((byte[]) message, StandardCharsets.UTF_8)).isEqualTo(Integer.toString(i));
				}
				else {
					assertThat(message).isEqualTo(Integer.toString(i));
				}
			}
			assertThat(this.handler.opens).hasValue(1);
			assertThat(this.handler.closes).isEmpty();
			assertThat(counters.getResumed() - resumedBefore).isEqualTo(RESETS);
			System.out.printf("Application to client: %d messages across %d resets, %d replayed, mean gap %d ms%n",
					total, RESETS, counters.getReplayed() - replayedBefore,
					(counters.getGapNanos() - gapBefore) / RESETS / 1_000_000);
		}
	}

	@Test
	void clientToApplicationSurvivesTenResets() throws Exception {
		try (ResumingClient client = ResumingClient.open(this.port, "/ws")) {
			int total = 1000 * (RESETS + 2);
			Thread sender = new Thread(() -> {
				long start = System.nanoTime();
				for (int i = 1; i <= total; i++) {
					LockSupport.parkNanos(start + i * 1_000_000L - System.nanoTime());
					String text = Integer.toString(i);
					if (i % 5 == 0) {
						client.send(text.getBytes(StandardCharsets.UTF_8));
					}
					else {
						client.send(text);
					}
				}
			}, "client-sender");
			sender.start();
			for (int reset = 0; reset < RESETS; reset++) {
				int seen = this.handler.messages.size();
				await().atMost(TIMEOUT).until(() -> this.handler.messages.size() >= seen + 200);
				client.reset();
				awayFor(AWAY);
				assertThat(client.resume()).containsEntry("type", "resumed");
			}
			sender.join();
			await().atMost(TIMEOUT).until(() -> this.handler.messages.size() >= total);
			List<String> expected = new ArrayList<>();
			for (int i = 1; i <= total; i++) {
				expected.add(((i % 5 == 0) ? "b:" : "") + i);
			}
			assertThat(this.handler.messages).containsExactlyElementsOf(expected);
			assertThat(this.handler.opens).hasValue(1);
			assertThat(this.handler.closes).isEmpty();
		}
	}

	/**
	 * The client stays away for a while, as one whose network is gone would.
	 */
	private static void awayFor(Duration away) {
		long until = System.nanoTime() + away.toNanos();
		await().pollDelay(away).atMost(away.plusSeconds(5)).until(() -> System.nanoTime() - until >= 0);
	}

}
