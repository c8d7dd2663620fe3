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

import org.jspecify.annotations.Nullable;

/**
 * One text a client sent, read as a chat command: {@code /join ROOM},
 * {@code /leave ROOM}, {@code /room ROOM TEXT}, {@code /dm USER TEXT}, or anything else,
 * which is a chat message to everyone, exactly as sent.
 * <p>
 * A command word is recognized only at the very start of the text and only when a
 * whitespace character or the end of the text follows it, so {@code /joined} or
 * {@code " /join x"} stay chat messages. Room and user names are one word (see
 * {@link #checkName(String)}); the text of {@code /room} and {@code /dm} is everything
 * after the whitespace that follows the name.
 *
 * @param kind what the client asked for
 * @param name the room or user the command is about, {@code null} for {@link Kind#CHAT}
 * and {@link Kind#INVALID}
 * @param text the message text, or, for {@link Kind#INVALID}, why the command cannot run
 * @author Lifeline contributors
 */
record ChatCommand(Kind kind, @Nullable String name, String text) {

	/**
	 * The longest room or user name, in characters (code points).
	 */
	static final int MAX_NAME_LENGTH = 32;

	/**
	 * Read a text a client sent.
	 * @param payload the text as received
	 * @return the command it holds
	 */
	static ChatCommand parse(String payload) {
		int end = endOfWord(payload, 0);
		Kind kind = Kind.of(payload.substring(0, end));
		if (kind == null) {
			return new ChatCommand(Kind.CHAT, null, payload);
		}
		int nameStart = startOfWord(payload, end);
		int nameEnd = endOfWord(payload, nameStart);
		String name = payload.substring(nameStart, nameEnd);
		String rest = payload.substring(startOfWord(payload, nameEnd));
		if (name.isEmpty() || (kind.takesText && rest.isEmpty())) {
			return invalid("Usage: " + kind.usage);
		}
		if (!kind.takesText && !rest.isEmpty()) {
			return invalid("A room name is one word. Usage: " + kind.usage);
		}
		String problem = checkName(name);
		if (problem != null) {
			return invalid(problem);
		}
		return new ChatCommand(kind, name, rest);
	}

	/**
	 * Check a room or user name: 1 to {@value #MAX_NAME_LENGTH} characters, none of them
	 * whitespace, control, format, private-use or unassigned characters (so a name is one
	 * word that shows as it is).
	 * @param name the name
	 * @return why the name is refused, or {@code null} when it is fine
	 */
	static @Nullable String checkName(String name) {
		if (name.isEmpty()) {
			return "A name must not be empty.";
		}
		if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
			return "A name has at most " + MAX_NAME_LENGTH + " characters.";
		}
		if (!name.codePoints().allMatch(ChatCommand::isPrintable)) {
			return "A name is one word of printable characters.";
		}
		return null;
	}

	private static boolean isPrintable(int codePoint) {
		if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
			return false;
		}
		int type = Character.getType(codePoint);
		return type != Character.CONTROL && type != Character.FORMAT && type != Character.PRIVATE_USE
				&& type != Character.SURROGATE && type != Character.UNASSIGNED;
	}

	private static ChatCommand invalid(String reason) {
		return new ChatCommand(Kind.INVALID, null, reason);
	}

	private static int startOfWord(String text, int from) {
		int index = from;
		while (index < text.length() && Character.isWhitespace(text.charAt(index))) {
			index++;
		}
		return index;
	}

	private static int endOfWord(String text, int from) {
		int index = from;
		while (index < text.length() && !Character.isWhitespace(text.charAt(index))) {
			index++;
		}
		return index;
	}

	/**
	 * What a text asks for.
	 */
	enum Kind {

		/**
		 * A chat message to every session.
		 */
		CHAT(null, false, ""),

		/**
		 * Join a room.
		 */
		JOIN("/join", false, "/join ROOM"),

		/**
		 * Leave a room.
		 */
		LEAVE("/leave", false, "/leave ROOM"),

		/**
		 * A message to the members of a room.
		 */
		ROOM("/room", true, "/room ROOM TEXT"),

		/**
		 * A direct message to every session of a user.
		 */
		DM("/dm", true, "/dm USER TEXT"),

		/**
		 * A command that cannot run as written.
		 */
		INVALID(null, false, "");

		private final @Nullable String word;

		private final boolean takesText;

		private final String usage;

		Kind(@Nullable String word, boolean takesText, String usage) {
			this.word = word;
			this.takesText = takesText;
			this.usage = usage;
		}

		private static @Nullable Kind of(String word) {
			for (Kind kind : values()) {
				if (word.equals(kind.word)) {
					return kind;
				}
			}
			return null;
		}

	}

}
