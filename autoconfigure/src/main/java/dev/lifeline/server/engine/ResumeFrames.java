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

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketMessage;

/**
 * The frames of {@code lifeline.resume.v1} ({@code docs/resume.md}, section 2): an
 * application text travels behind the tag {@code m}, a control message is the tag
 * {@code c} and one flat JSON object, binary frames are the application's bytes
 * untouched. The JSON here is only what the control messages need: one object whose
 * members are strings, integers, booleans or {@code null}; nested values are skipped.
 *
 * @author Lifeline contributors
 */
final class ResumeFrames {

	static final char APPLICATION = 'm';

	static final char CONTROL = 'c';

	private ResumeFrames() {
	}

	/**
	 * Return the frame that carries an application message.
	 * @param message the message, text encoded by {@link EncodedText#of} or binary
	 * @return the frame to write
	 */
	static WebSocketMessage<?> wire(WebSocketMessage<?> message) {
		if (message instanceof EncodedText text) {
			byte[] utf8 = new byte[text.utf8().length + 1];
			utf8[0] = (byte) APPLICATION;
			System.arraycopy(text.utf8(), 0, utf8, 1, text.utf8().length);
			return new EncodedText(APPLICATION + text.text(), utf8);
		}
		return message;
	}

	/**
	 * Return a control message as a frame.
	 * @param members the members, {@code type} first; values are strings, numbers,
	 * booleans or {@code null}
	 * @return the frame
	 */
	static EncodedText control(Map<String, ?> members) {
		StringBuilder json = new StringBuilder(64).append(CONTROL).append('{');
		boolean first = true;
		for (Map.Entry<String, ?> member : members.entrySet()) {
			if (!first) {
				json.append(',');
			}
			first = false;
			quote(json, member.getKey());
			json.append(':');
			Object value = member.getValue();
			if (value == null || value instanceof Number || value instanceof Boolean) {
				json.append(value);
			}
			else {
				quote(json, value.toString());
			}
		}
		String text = json.append('}').toString();
		return new EncodedText(text, text.getBytes(StandardCharsets.UTF_8));
	}

	private static void quote(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	/**
	 * Parse the JSON object of a control message (the text after its tag).
	 * @param json the JSON
	 * @return its members: strings, {@link Long}s, {@link Double}s, booleans,
	 * {@code null} for null and for nested values
	 * @throws IllegalArgumentException if it is not one JSON object with a string
	 * {@code type}
	 */
	static Map<String, @Nullable Object> parseControl(String json) {
		Parser parser = new Parser(json);
		Map<String, @Nullable Object> members = parser.object();
		parser.end();
		if (!(members.get("type") instanceof String)) {
			throw new IllegalArgumentException("Control message without a string type");
		}
		return members;
	}

	/**
	 * Return a member that must be a string.
	 */
	static String string(Map<String, @Nullable Object> members, String name) {
		if (members.get(name) instanceof String value) {
			return value;
		}
		throw new IllegalArgumentException("Control message without a string " + name);
	}

	/**
	 * Return a member that must be a non-negative integer.
	 */
	static long number(Map<String, @Nullable Object> members, String name) {
		if (members.get(name) instanceof Long value && value >= 0) {
			return value;
		}
		throw new IllegalArgumentException("Control message without a non-negative integer " + name);
	}

	private static final class Parser {

		private final String text;

		private int position;

		Parser(String text) {
			this.text = text;
		}

		Map<String, @Nullable Object> object() {
			Map<String, @Nullable Object> members = new LinkedHashMap<>();
			expect('{');
			if (peek() == '}') {
				this.position++;
				return members;
			}
			while (true) {
				skipWhitespace();
				String name = string();
				expect(':');
				members.put(name, value());
				char next = next();
				if (next == '}') {
					return members;
				}
				if (next != ',') {
					throw error();
				}
			}
		}

		private @Nullable Object value() {
			char c = peek();
			if (c == '"') {
				return string();
			}
			if (c == '{') {
				object();
				return null;
			}
			if (c == '[') {
				array();
				return null;
			}
			if (this.text.startsWith("true", this.position)) {
				this.position += 4;
				return Boolean.TRUE;
			}
			if (this.text.startsWith("false", this.position)) {
				this.position += 5;
				return Boolean.FALSE;
			}
			if (this.text.startsWith("null", this.position)) {
				this.position += 4;
				return null;
			}
			return number();
		}

		private void array() {
			expect('[');
			if (peek() == ']') {
				this.position++;
				return;
			}
			while (true) {
				value();
				char next = next();
				if (next == ']') {
					return;
				}
				if (next != ',') {
					throw error();
				}
			}
		}

		private Object number() {
			int start = this.position;
			while (this.position < this.text.length()
					&& "+-0123456789.eE".indexOf(this.text.charAt(this.position)) >= 0) {
				this.position++;
			}
			String number = this.text.substring(start, this.position);
			if (number.isEmpty()) {
				throw error();
			}
			try {
				if (number.indexOf('.') < 0 && number.indexOf('e') < 0 && number.indexOf('E') < 0) {
					return Long.parseLong(number);
				}
				return Double.parseDouble(number);
			}
			catch (NumberFormatException ex) {
				throw error();
			}
		}

		private String string() {
			expect('"');
			StringBuilder value = new StringBuilder();
			while (this.position < this.text.length()) {
				char c = this.text.charAt(this.position++);
				if (c == '"') {
					return value.toString();
				}
				if (c != '\\') {
					value.append(c);
					continue;
				}
				if (this.position >= this.text.length()) {
					break;
				}
				char escaped = this.text.charAt(this.position++);
				switch (escaped) {
					case 'b' -> value.append('\b');
					case 'f' -> value.append('\f');
					case 'n' -> value.append('\n');
					case 'r' -> value.append('\r');
					case 't' -> value.append('\t');
					case 'u' -> {
						if (this.position + 4 > this.text.length()) {
							throw error();
						}
						try {
							value.append(
									(char) Integer.parseInt(this.text.substring(this.position, this.position + 4), 16));
						}
						catch (NumberFormatException ex) {
							throw error();
						}
						this.position += 4;
					}
					default -> value.append(escaped);
				}
			}
			throw error();
		}

		private void expect(char expected) {
			if (next() != expected) {
				throw error();
			}
		}

		private char next() {
			skipWhitespace();
			if (this.position >= this.text.length()) {
				throw error();
			}
			return this.text.charAt(this.position++);
		}

		private char peek() {
			skipWhitespace();
			return (this.position < this.text.length()) ? this.text.charAt(this.position) : 0;
		}

		private void skipWhitespace() {
			while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
				this.position++;
			}
		}

		void end() {
			skipWhitespace();
			if (this.position != this.text.length()) {
				throw error();
			}
		}

		private IllegalArgumentException error() {
			return new IllegalArgumentException("Malformed control message at character " + this.position);
		}

	}

	static Map<String, @Nullable Object> members(String type, @Nullable String name, @Nullable Object value) {
		Map<String, @Nullable Object> members = new LinkedHashMap<>();
		members.put("type", type);
		if (name != null) {
			members.put(name, value);
		}
		return members;
	}

}
