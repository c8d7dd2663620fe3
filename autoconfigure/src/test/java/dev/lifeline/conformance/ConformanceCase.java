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

package dev.lifeline.conformance;

import java.util.Set;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.test.RawWebSocketClient;
import org.jspecify.annotations.Nullable;

/**
 * One case of the conformance suite: what a raw client does on an open connection, the
 * outcomes that conform, and the outcome it observed.
 *
 * @param id the case number, grouped like the Autobahn TestSuite's
 * @param title what the client does
 * @param expected the outcomes that conform, such as {@code "echo"} or
 * {@code "close 1002"}
 * @param cause the cause the registry must count the close under, or {@code null} for the
 * one the observed close code implies
 * @param rejection the reason a refused handshake must be counted under, or {@code null}
 * if the refusal never reaches Lifeline
 * @param exchange what the client does and how it describes the outcome
 */
record ConformanceCase(String id, String title, Set<String> expected, @Nullable CloseCause cause,
		@Nullable RejectionReason rejection, Exchange exchange) {

	static ConformanceCase frames(String id, String title, String expected, Exchange exchange) {
		return new ConformanceCase(id, title, Set.of(expected), null, null, exchange);
	}

	static ConformanceCase frames(String id, String title, Set<String> expected, CloseCause cause, Exchange exchange) {
		return new ConformanceCase(id, title, expected, cause, null, exchange);
	}

	static ConformanceCase handshake(String id, String title, Set<String> expected, @Nullable RejectionReason rejection,
			Exchange exchange) {
		return new ConformanceCase(id, title, expected, null, rejection, exchange);
	}

	String expectedText() {
		return String.join(" or ", this.expected.stream().sorted().toList());
	}

	@Override
	public String toString() {
		return this.id + " " + this.title;
	}

	/**
	 * What a case does on the connection; returns the outcome in the words of
	 * {@link ConformanceCase#expected()}.
	 */
	@FunctionalInterface
	interface Exchange {

		String run(RawWebSocketClient client) throws Exception;

	}

}
