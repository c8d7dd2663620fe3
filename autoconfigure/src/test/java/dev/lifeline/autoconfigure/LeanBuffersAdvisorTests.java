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

package dev.lifeline.autoconfigure;

import dev.lifeline.server.WebSocketSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link LeanBuffersAdvisor}.
 */
@ExtendWith(OutputCaptureExtension.class)
class LeanBuffersAdvisorTests {

	private final WebSocketSessions sessions = mock(WebSocketSessions.class);

	private final LeanBuffersAdvisor advisor = new LeanBuffersAdvisor(this.sessions);

	@Test
	void saysNothingUpToTheThreshold(CapturedOutput output) {
		given(this.sessions.count()).willReturn(LeanBuffersAdvisor.SESSION_THRESHOLD);
		this.advisor.sessionOpened(null);
		assertThat(output).doesNotContain("lean-buffers");
	}

	@Test
	void logsOnceAtInfoAboveTheThreshold(CapturedOutput output) {
		given(this.sessions.count()).willReturn(LeanBuffersAdvisor.SESSION_THRESHOLD + 1, 6000, 7000);
		this.advisor.sessionOpened(null);
		this.advisor.sessionOpened(null);
		this.advisor.sessionOpened(null);
		assertThat(output.getOut().lines().filter((line) -> line.contains("lean-buffers=true"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("INFO")
				.contains("5001 WebSocket sessions are open")
				.contains("about 30 KB of heap per idle session (146 MB at this count)"));
	}

}
