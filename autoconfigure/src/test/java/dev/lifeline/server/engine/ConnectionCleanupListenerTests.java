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

package dev.lifeline.server.engine;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.SessionClosure;
import dev.lifeline.test.InMemoryWebSocketSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the log levels of {@link ConnectionCleanupListener}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectionCleanupListenerTests {

	private final SessionRegistry sessions = Registries.create(100, List.of(), null);

	private final ConnectionCleanupListener listener = new ConnectionCleanupListener(this.sessions,
			Duration.ofSeconds(1));

	private final DefaultLifelineSession session = this.sessions.open(new InMemoryWebSocketSession("s1")).session();

	private final long start = System.nanoTime();

	@Test
	void routineClosesAreNotWarnings(CapturedOutput output) {
		close(CloseCause.ABNORMAL, 1006);
		close(CloseCause.NORMAL, 1000);
		close(CloseCause.HEARTBEAT_TIMEOUT, 4500);
		close(CloseCause.TOO_BIG, 1009);
		assertThat(lines(output, "closed: code="))
			.noneMatch((line) -> line.contains(" WARN ") || line.contains(" INFO "));
	}

	@Test
	void operatorCloseIsInfo(CapturedOutput output) {
		close(CloseCause.OPERATOR, 1008);
		assertThat(lines(output, "cause=OPERATOR")).singleElement().asString().contains("INFO");
	}

	@Test
	void serverErrorIsAWarningUpToALimitPerMinute(CapturedOutput output) {
		for (int i = 0; i < ConnectionCleanupListener.SERVER_ERROR_WARNINGS_PER_SUMMARY + 5; i++) {
			close(CloseCause.SERVER_ERROR, 1011);
		}
		assertThat(warnings(output)).hasSize(ConnectionCleanupListener.SERVER_ERROR_WARNINGS_PER_SUMMARY);
		this.listener.summarizeIfDue(this.start + Duration.ofSeconds(61).toNanos());
		assertThat(lines(output, "closed abnormally")).singleElement()
			.asString()
			.contains("WARN")
			.contains("15 WebSocket session(s) closed abnormally")
			.contains("(SERVER_ERROR=15)");
		close(CloseCause.SERVER_ERROR, 1011);
		assertThat(warnings(output)).hasSize(ConnectionCleanupListener.SERVER_ERROR_WARNINGS_PER_SUMMARY + 2);
	}

	@Test
	void spikeOfVanishedClientsIsOneInfoLinePerMinuteByCause(CapturedOutput output) {
		for (int i = 0; i < 500; i++) {
			close(CloseCause.ABNORMAL, 1006);
		}
		close(CloseCause.TOO_BIG, 1009);
		this.listener.summarizeIfDue(this.start + Duration.ofSeconds(30).toNanos());
		assertThat(lines(output, "closed abnormally")).isEmpty();
		this.listener.summarizeIfDue(this.start + Duration.ofSeconds(60).toNanos());
		this.listener.summarizeIfDue(this.start + Duration.ofSeconds(61).toNanos());
		assertThat(lines(output, "closed abnormally")).singleElement()
			.asString()
			.contains("INFO")
			.contains("501 WebSocket session(s) closed abnormally in the last 60s (TOO_BIG=1, ABNORMAL=500)");
		assertThat(warnings(output)).isEmpty();
	}

	@Test
	void fewRoutineClosesMakeNoSummary(CapturedOutput output) {
		for (int i = 0; i < ConnectionCleanupListener.SPIKE_THRESHOLD - 1; i++) {
			close(CloseCause.ABNORMAL, 1006);
		}
		this.listener.summarizeIfDue(this.start + Duration.ofSeconds(61).toNanos());
		assertThat(lines(output, "closed abnormally")).isEmpty();
	}

	@Test
	void heartbeatTimeoutsFromManyPeersAreAWarning(CapturedOutput output) {
		for (int i = 0; i < ConnectionCleanupListener.SPIKE_THRESHOLD; i++) {
			close(CloseCause.HEARTBEAT_TIMEOUT, 4500);
		}
		this.listener.summarizeIfDue(this.start + Duration.ofSeconds(61).toNanos());
		assertThat(warnings(output)).singleElement().asString().contains("(HEARTBEAT_TIMEOUT=10)");
	}

	@Test
	void aSlowConsumerIsOneWarningAndAWarningInTheSummary(CapturedOutput output) {
		close(CloseCause.SLOW_CONSUMER, 4500);
		assertThat(warnings(output)).singleElement().asString().contains("cause=SLOW_CONSUMER");
		this.listener.summarizeIfDue(this.start + Duration.ofSeconds(61).toNanos());
		assertThat(warnings(output)).hasSize(2).last().asString().contains("(SLOW_CONSUMER=1)");
	}

	private void close(CloseCause cause, int code) {
		this.listener.sessionClosed(this.session, new SessionClosure("s1", Instant.now(), code, "", cause,
				"127.0.0.1:50000", null, Duration.ofSeconds(5)));
	}

	private static List<String> warnings(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.contains(" WARN ")).toList();
	}

	private static List<String> lines(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).toList();
	}

}
