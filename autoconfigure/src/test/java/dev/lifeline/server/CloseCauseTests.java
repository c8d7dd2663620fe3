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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CloseCause}.
 */
class CloseCauseTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "1000, NORMAL", "1005, NORMAL", "1001, GOING_AWAY", "1002, PROTOCOL_ERROR", "1003, UNSUPPORTED_DATA",
			"1006, ABNORMAL", "1007, BAD_DATA", "1008, POLICY_VIOLATION", "1009, TOO_BIG", "1011, SERVER_ERROR",
			"1004, OTHER", "1010, OTHER", "1012, OTHER", "1015, OTHER", "3000, OTHER", "4000, OTHER", "4500, OTHER" })
	void ofMapsTheCloseCode(int code, CloseCause cause) {
		assertThat(CloseCause.of(new CloseStatus(code))).isEqualTo(cause);
		assertThat(CloseCause.of(new CloseStatus(code, "with a reason"))).isEqualTo(cause);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "1000, NORMAL", "1001, GOING_AWAY", "1002, PROTOCOL_ERROR", "1006, ABNORMAL", "1008, POLICY_VIOLATION",
			"1009, TOO_BIG", "1011, CLIENT_ERROR", "4000, OTHER" })
	void ofPeerCountsAn1011LifelineDidNotSendAsTheClients(int code, CloseCause cause) {
		assertThat(CloseCause.ofPeer(new CloseStatus(code))).isEqualTo(cause);
	}

	@Test
	void aCloseStartedWithAStatusNeverBlamesTheClient() {
		for (int code = 1000; code < 5000; code++) {
			assertThat(CloseCause.of(new CloseStatus(code))).isNotEqualTo(CloseCause.CLIENT_ERROR);
		}
	}

	@Test
	void causesOnlyLifelineDecidesAreNeverDerivedFromACode() {
		for (int code = 1000; code < 5000; code++) {
			assertThat(CloseCause.of(new CloseStatus(code))).isNotIn(CloseCause.HEARTBEAT_TIMEOUT,
					CloseCause.SLOW_CONSUMER, CloseCause.SHUTDOWN, CloseCause.OPERATOR);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "NORMAL", "GOING_AWAY", "SHUTDOWN", "CREDENTIALS_EXPIRED" })
	void expectedCausesAreNormal(CloseCause cause) {
		assertThat(cause.isNormal()).isTrue();
	}

	@ParameterizedTest
	@EnumSource(names = { "NORMAL", "GOING_AWAY", "SHUTDOWN", "CREDENTIALS_EXPIRED" }, mode = EnumSource.Mode.EXCLUDE)
	void otherCausesAreNotNormal(CloseCause cause) {
		assertThat(cause.isNormal()).isFalse();
	}

}
