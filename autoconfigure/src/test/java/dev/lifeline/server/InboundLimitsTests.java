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

package dev.lifeline.server;

import dev.lifeline.server.engine.InboundBudget;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.awaitility.Awaitility.await;

/**
 * The per-session rate limit and the budget of bytes held in partial messages across
 * sessions close only the session that passes them.
 */
@LifelineServerTest(properties = { "lifeline.rate-limit.messages-per-second=5", "lifeline.rate-limit.burst=5",
		"lifeline.max-pending-inbound=48KB", "lifeline.max-text-message-size=64KB",
		"lifeline.heartbeat.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
class InboundLimitsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	InboundBudget budget;

	@Test
	void sessionOverItsRateIsClosedAndOthersAreNot(CapturedOutput output) throws Exception {
		long before = this.sessions.getStatistics().getClosed(CloseCause.RATE_LIMITED);
		try (RawWebSocketClient flooder = RawWebSocketClient.connect(this.port, "/ws");
				RawWebSocketClient quiet = RawWebSocketClient.connect(this.port, "/ws")) {
			boolean droppedWhileFlooding = flood(flooder, 30);
			// A client still writing into the closed connection may be reset before it
			// reads the close frame; the server's count below says why it closed.
			assertThat(flooder.awaitClose(TIMEOUT)).isIn(droppedWhileFlooding ? List.of(1008, 1006) : List.of(1008));
			for (int i = 0; i < 3; i++) {
				quiet.sendText("hello " + i);
				assertThat(quiet.readMessage(TIMEOUT).text()).isEqualTo("hello " + i);
			}
		}
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.sessions.getStatistics().getClosed(CloseCause.RATE_LIMITED))
				.isEqualTo(before + 1));
		assertThat(output.getOut().lines().filter((line) -> line.contains("Rate limit exceeded"))).hasSize(1);
	}

	@Test
	void pongsAndCloseFramesDoNotCount() throws Exception {
		long before = this.sessions.getStatistics().getClosed(CloseCause.RATE_LIMITED);
		try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
			for (int i = 0; i < 100; i++) {
				client.sendFrame(true, RawWebSocketClient.OP_PONG, new byte[] { (byte) i });
			}
			for (int i = 0; i < 5; i++) {
				client.sendText("within the burst " + i);
				assertThat(client.readMessage(TIMEOUT).text()).isEqualTo("within the burst " + i);
			}
			client.sendClose(1000, "bye");
			assertThat(client.awaitClose(TIMEOUT)).isEqualTo(1000);
		}
		assertThat(this.sessions.getStatistics().getClosed(CloseCause.RATE_LIMITED)).isEqualTo(before);
	}

	@Test
	void partialMessageOverTheGlobalBudgetClosesOnlyItsSession() throws Exception {
		assumeFalse(ClassUtils.isPresent("org.eclipse.jetty.server.Server", null),
				"Spring's Jetty adapter delivers whole messages only: Jetty joins the parts, not Lifeline");
		long before = this.sessions.getStatistics().getClosed(CloseCause.OVERLOADED);
		byte[] part = "a".repeat(30 * 1024).getBytes(StandardCharsets.UTF_8);
		try (RawWebSocketClient holder = RawWebSocketClient.connect(this.port, "/ws");
				RawWebSocketClient late = RawWebSocketClient.connect(this.port, "/ws")) {
			holder.sendFrame(false, RawWebSocketClient.OP_TEXT, part);
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.budget.getHeld()).isEqualTo(part.length));
			late.sendFrame(false, RawWebSocketClient.OP_TEXT, part);
			assertThat(late.awaitClose(TIMEOUT)).isEqualTo(1013);
			assertThat(this.budget.getHeld()).isEqualTo(part.length);
			holder.sendFrame(true, RawWebSocketClient.OP_CONTINUATION, "end".getBytes(StandardCharsets.UTF_8));
			assertThat(holder.readMessage(TIMEOUT).text()).hasSize(part.length + 3).endsWith("aend");
			assertThat(this.budget.getHeld()).isZero();
			holder.sendFrame(false, RawWebSocketClient.OP_TEXT, part);
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.budget.getHeld()).isEqualTo(part.length));
		}
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.budget.getHeld()).isZero());
		assertThat(this.sessions.getStatistics().getClosed(CloseCause.OVERLOADED)).isEqualTo(before + 1);
	}

	/**
	 * Send messages until the server closes the connection: once the session is closed
	 * for its rate, the server may drop the connection while the client still writes.
	 * @return whether a write failed because the connection was gone
	 */
	private static boolean flood(RawWebSocketClient client, int messages) {
		try {
			for (int i = 0; i < messages; i++) {
				client.sendText("flood " + i);
			}
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

}
