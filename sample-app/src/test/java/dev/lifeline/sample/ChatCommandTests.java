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

package dev.lifeline.sample;

import dev.lifeline.sample.ChatCommand.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChatCommand}.
 */
class ChatCommandTests {

	@ParameterizedTest
	@ValueSource(strings = { "hello", "", " /join lobby", "/joined lobby", "/JOIN lobby", "/help", "/", "//dm bob hi",
			"/roomy a b", "dm bob hi" })
	void textThatIsNoCommandIsChatAsSent(String text) {
		assertThat(ChatCommand.parse(text)).isEqualTo(new ChatCommand(Kind.CHAT, null, text));
	}

	@Test
	void join() {
		assertThat(ChatCommand.parse("/join lobby")).isEqualTo(new ChatCommand(Kind.JOIN, "lobby", ""));
		assertThat(ChatCommand.parse("/join\t lobby  ")).isEqualTo(new ChatCommand(Kind.JOIN, "lobby", ""));
	}

	@Test
	void leave() {
		assertThat(ChatCommand.parse("/leave lobby")).isEqualTo(new ChatCommand(Kind.LEAVE, "lobby", ""));
	}

	@Test
	void roomKeepsTheTextAfterTheName() {
		assertThat(ChatCommand.parse("/room lobby hello  there "))
			.isEqualTo(new ChatCommand(Kind.ROOM, "lobby", "hello  there "));
		assertThat(ChatCommand.parse("/room lobby /join x")).isEqualTo(new ChatCommand(Kind.ROOM, "lobby", "/join x"));
	}

	@Test
	void dm() {
		assertThat(ChatCommand.parse("/dm bob hi bob")).isEqualTo(new ChatCommand(Kind.DM, "bob", "hi bob"));
		assertThat(ChatCommand.parse("/dm Zoë ☕ ok")).isEqualTo(new ChatCommand(Kind.DM, "Zoë", "☕ ok"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/join", "/join   ", "/leave", "/room", "/room lobby", "/room lobby   ", "/dm", "/dm bob",
			"/dm bob \t" })
	void missingNameOrTextIsInvalidWithTheUsage(String text) {
		ChatCommand command = ChatCommand.parse(text);
		assertThat(command.kind()).isEqualTo(Kind.INVALID);
		assertThat(command.name()).isNull();
		assertThat(command.text()).startsWith("Usage: " + text.strip().split(" ")[0] + " ");
	}

	@Test
	void roomNameOfTwoWordsIsInvalid() {
		ChatCommand command = ChatCommand.parse("/join the lobby");
		assertThat(command.kind()).isEqualTo(Kind.INVALID);
		assertThat(command.text()).isEqualTo("A room name is one word. Usage: /join ROOM");
	}

	@Test
	void nameOfMoreThan32CharactersIsInvalid() {
		assertThat(ChatCommand.parse("/join " + "r".repeat(32)))
			.isEqualTo(new ChatCommand(Kind.JOIN, "r".repeat(32), ""));
		ChatCommand command = ChatCommand.parse("/dm " + "u".repeat(33) + " hi");
		assertThat(command.kind()).isEqualTo(Kind.INVALID);
		assertThat(command.text()).isEqualTo("A name has at most 32 characters.");
	}

	@Test
	void checkNameCountsCharactersNotChars() {
		assertThat(ChatCommand.checkName("😀".repeat(32))).isNull();
		assertThat(ChatCommand.checkName("😀".repeat(33))).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "bo b", "bob\u0000", "\u0007", "bob\u200b", "bob\u00a0", "a\u2028b", "\ue000", "\ud800" })
	void checkNameRefusesWhitespaceAndInvisibleCharacters(String name) {
		assertThat(ChatCommand.checkName(name)).isEqualTo("A name is one word of printable characters.");
	}

	@Test
	void checkNameRefusesEmpty() {
		assertThat(ChatCommand.checkName("")).isEqualTo("A name must not be empty.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "bob", "Zoë", "李雷", "o'brien", "bob@example.com", "a-b_c.d", "#general" })
	void checkNameAcceptsPrintableWords(String name) {
		assertThat(ChatCommand.checkName(name)).isNull();
	}

}
