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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MessageAssembler}.
 */
class MessageAssemblerTests {

	@Test
	void joinsTextPartsIntoOneWholeMessage() {
		TextMessage first = new TextMessage("héllo ", false);
		MessageAssembler assembler = MessageAssembler.joining(first, 1024, null);
		append(assembler, first);
		append(assembler, new TextMessage("wörld", false));
		append(assembler, new TextMessage("!", true));
		WebSocketMessage<?> whole = assembler.toMessage();
		assertThat(whole).isInstanceOf(TextMessage.class);
		assertThat(((TextMessage) whole).getPayload()).isEqualTo("héllo wörld!");
		assertThat(whole.isLast()).isTrue();
		assertThat(assembler.size()).isEqualTo("héllo wörld!".getBytes(StandardCharsets.UTF_8).length);
	}

	@Test
	void joinsBinaryPartsBeyondTheReservedRoom() {
		byte[] expected = new byte[10_000];
		for (int i = 0; i < expected.length; i++) {
			expected[i] = (byte) i;
		}
		BinaryMessage first = new BinaryMessage(ByteBuffer.wrap(expected, 0, 100), false);
		MessageAssembler assembler = MessageAssembler.joining(first, 64 * 1024, null);
		append(assembler, first);
		for (int offset = 100; offset < expected.length; offset += 1000) {
			int length = Math.min(1000, expected.length - offset);
			append(assembler, new BinaryMessage(ByteBuffer.wrap(expected, offset, length), false));
		}
		WebSocketMessage<?> whole = assembler.toMessage();
		assertThat(whole).isInstanceOf(BinaryMessage.class);
		ByteBuffer payload = ((BinaryMessage) whole).getPayload();
		byte[] actual = new byte[payload.remaining()];
		payload.get(actual);
		assertThat(actual).isEqualTo(expected);
		assertThat(assembler.size()).isEqualTo(expected.length);
	}

	@Test
	void partsAreNotConsumed() {
		ByteBuffer buffer = ByteBuffer.wrap(new byte[] { 1, 2, 3 });
		BinaryMessage part = new BinaryMessage(buffer, false);
		MessageAssembler assembler = MessageAssembler.joining(part, 1024, null);
		append(assembler, part);
		assertThat(buffer.remaining()).isEqualTo(3);
	}

	@Test
	void emptyBinaryMessage() {
		BinaryMessage first = new BinaryMessage(new byte[0], false);
		MessageAssembler assembler = MessageAssembler.joining(first, 1024, null);
		append(assembler, first);
		append(assembler, new BinaryMessage(new byte[0], true));
		assertThat(assembler.toMessage().getPayloadLength()).isZero();
	}

	@Test
	void countingKeepsTheSizeButNotThePayload() {
		TextMessage first = new TextMessage("a".repeat(100), false);
		MessageAssembler assembler = MessageAssembler.counting(first);
		assembler.append(first, 100);
		assembler.append(new TextMessage("é".repeat(10), false), 20);
		assertThat(assembler.size()).isEqualTo(120);
		assertThat(((TextMessage) assembler.toMessage()).getPayload()).isEmpty();
	}

	private static void append(MessageAssembler assembler, WebSocketMessage<?> part) {
		long size = (part instanceof TextMessage text) ? Utf8.length(text.getPayload()) : part.getPayloadLength();
		assembler.append(part, size);
	}

}
