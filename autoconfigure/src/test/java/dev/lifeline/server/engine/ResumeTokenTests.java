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

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests for {@link ResumeToken} and the single use {@link ResumeState} makes of it.
 */
class ResumeTokenTests {

	@Test
	void tokensAreLongRandomAndUrlSafe() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String token = ResumeToken.generate().value();
			assertThat(token).matches("[A-Za-z0-9_-]+");
			assertThat(Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(16);
			assertThat(seen.add(token)).isTrue();
		}
	}

	@Test
	void onlyTheHashIsKeptAndItMatchesTheTokenAlone() {
		ResumeToken token = ResumeToken.generate();
		assertThat(token.hash()).isNotEqualTo(token.value().getBytes());
		assertThat(ResumeToken.matches(token.hash(), token.value())).isTrue();
		assertThat(ResumeToken.matches(token.hash(), ResumeToken.generate().value())).isFalse();
		assertThat(ResumeToken.matches(token.hash(), null)).isFalse();
		assertThat(ResumeToken.matches(null, token.value())).isFalse();
		assertThat(token.toString()).doesNotContain(token.value());
	}

	@Test
	void aTokenIsConsumedOnceAndAnOlderOneNever() {
		ResumeState state = new ResumeState(null, 1024);
		ResumeToken first = ResumeToken.generate();
		state.token(first);
		ResumeToken second = ResumeToken.generate();
		state.token(second);
		assertThat(state.consumeToken(first.value())).isFalse();
		assertThat(state.consumeToken(second.value())).isTrue();
		assertThat(state.consumeToken(second.value())).isFalse();
	}

}
