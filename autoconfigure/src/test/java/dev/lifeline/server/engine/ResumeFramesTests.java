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

import dev.lifeline.server.adapter.EncodedText;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Unit tests for {@link ResumeFrames}: the application's text and bytes pass through
 * untouched behind their tag, and control messages are the JSON the protocol documents.
 */
class ResumeFramesTests {

	@Test
	void applicationTextTravelsBehindItsTagUntouched() {
		WebSocketMessage<?> frame = ResumeFrames.wire(EncodedText.of(new TextMessage("chello é")));
		assertThat(frame.getPayload()).isEqualTo("mchello é");
		assertThat(((EncodedText) frame).utf8()).isEqualTo("mchello é".getBytes(StandardCharsets.UTF_8));
		assertThat(ResumeFrames.wire(EncodedText.of(new TextMessage(""))).getPayload()).isEqualTo("m");
	}

	@Test
	void binaryTravelsUntouched() {
		BinaryMessage binary = new BinaryMessage(new byte[] { 'c', 1, 2 });
		assertThat(ResumeFrames.wire(binary)).isSameAs(binary);
	}

	@Test
	void controlMessageIsTagAndJson() {
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("type", "welcome");
		members.put("session", "a\"b\\c");
		members.put("protocol", null);
		members.put("window", 120000L);
		assertThat(ResumeFrames.control(members).getPayload())
			.isEqualTo("c{\"type\":\"welcome\",\"session\":\"a\\\"b\\\\c\",\"protocol\":null,\"window\":120000}");
	}

	@Test
	void parsesWhatItWrites() {
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("type", "x");
		members.put("text", "quote \" backslash \\ newline \n");
		members.put("n", 42L);
		String json = ResumeFrames.control(members).getPayload().substring(1);
		assertThat(ResumeFrames.parseControl(json)).isEqualTo(members);
	}

	@Test
	void parsesAckAndIgnoresUnknownAndNestedMembers() {
		Map<String, Object> ack = ResumeFrames
			.parseControl(" { \"type\" : \"ack\", \"n\": 7, \"extra\": {\"a\": [1, {\"b\": null}]}, \"flag\": true } ");
		assertThat(ResumeFrames.string(ack, "type")).isEqualTo("ack");
		assertThat(ResumeFrames.number(ack, "n")).isEqualTo(7);
		assertThat(ack).containsKey("extra").containsEntry("flag", true);
	}

	@Test
	void rejectsMalformedControlMessages() {
		assertThatIllegalArgumentException().isThrownBy(() -> ResumeFrames.parseControl("{\"type\":\"ack\""));
		assertThatIllegalArgumentException().isThrownBy(() -> ResumeFrames.parseControl("{\"n\":1}"));
		assertThatIllegalArgumentException().isThrownBy(() -> ResumeFrames.parseControl("[]"));
		assertThatIllegalArgumentException().isThrownBy(() -> ResumeFrames.parseControl("{\"type\":1}"));
		assertThatIllegalArgumentException().isThrownBy(() -> ResumeFrames.parseControl("{\"type\":\"a\"} x"));
		Map<String, Object> ack = ResumeFrames.parseControl("{\"type\":\"ack\",\"n\":-1}");
		assertThatIllegalArgumentException().isThrownBy(() -> ResumeFrames.number(ack, "n"));
		assertThatIllegalArgumentException().isThrownBy(() -> ResumeFrames.number(ack, "missing"));
	}

}
