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

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Utf8}.
 */
class Utf8Tests {

	@ParameterizedTest
	@ValueSource(strings = { "", "ascii", "\u007f", "\u0080", "é", "\u07ff", "\u0800", "€", "\uffff", "😀", "a😀b€cé",
			"\ud83d\ude00\ud83d\ude00" })
	void countsWhatTheEncoderWrites(String text) {
		assertThat(Utf8.length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
	}

	@Test
	void countsALoneSurrogateAsThreeBytes() {
		assertThat(Utf8.length("\ud83d")).isEqualTo(3);
		assertThat(Utf8.length("a\ud83d")).isEqualTo(4);
		assertThat(Utf8.length("\ude00")).isEqualTo(3);
		assertThat(Utf8.length("\ude00\ud83d")).isEqualTo(6);
		assertThat(Utf8.length("\ud83dx")).isEqualTo(4);
	}

}
