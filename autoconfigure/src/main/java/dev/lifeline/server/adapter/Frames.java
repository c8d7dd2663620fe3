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

package dev.lifeline.server.adapter;

import java.nio.ByteBuffer;

import jakarta.websocket.CloseReason;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * What the connections share about frames: opcodes, payloads and which close codes may be
 * sent.
 *
 * @author Lifeline contributors
 */
final class Frames {

	private Frames() {
	}

	/**
	 * Return the frame opcode of a message (RFC 6455 section 5.2).
	 */
	static byte opcodeOf(WebSocketMessage<?> message) {
		if (EncodedText.isText(message)) {
			return 0x1;
		}
		if (message instanceof BinaryMessage) {
			return 0x2;
		}
		if (message instanceof PingMessage) {
			return 0x9;
		}
		if (message instanceof PongMessage) {
			return 0xA;
		}
		throw new IllegalArgumentException("Unexpected WebSocket message type: " + message);
	}

	/**
	 * Return the payload of a message as a buffer of its own, so that one message can be
	 * written to many sessions at once: text as UTF-8 ({@link EncodedText} holds it
	 * already), binary and control payloads as duplicates.
	 */
	static ByteBuffer payloadOf(WebSocketMessage<?> message) {
		if (message instanceof EncodedText text) {
			return ByteBuffer.wrap(text.utf8());
		}
		if (message instanceof TextMessage text) {
			return ByteBuffer.wrap(text.asBytes());
		}
		return ((ByteBuffer) message.getPayload()).duplicate();
	}

	/**
	 * Whether a close code may appear in a close frame (RFC 6455, section 7.4.1).
	 */
	static boolean isTransmittable(int code) {
		return code != CloseStatus.NO_STATUS_CODE.getCode() && code != CloseStatus.NO_CLOSE_FRAME.getCode()
				&& code != CloseStatus.TLS_HANDSHAKE_FAILURE.getCode();
	}

	static CloseReason closeReason(CloseStatus status) {
		return new CloseReason(CloseReason.CloseCodes.getCloseCode(status.getCode()),
				(status.getReason() != null) ? status.getReason() : "");
	}

}
