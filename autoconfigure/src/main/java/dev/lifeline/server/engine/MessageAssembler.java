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
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Joins the partial messages of one text or binary message into a whole one. Allocated
 * only while a session receives a message that spans more than one partial delivery, so
 * idle sessions pay nothing for large message limits. The bytes of the parts it keeps are
 * taken from the {@link InboundBudget} and given back when the message is complete or
 * discarded.
 *
 * @author Lifeline contributors
 */
final class MessageAssembler {

	private final boolean text;

	private final boolean keepPayload;

	private final @Nullable InboundBudget budget;

	private final StringBuilder textPayload;

	private byte[] binaryPayload;

	private int binaryLength;

	private long size;

	private long held;

	private boolean released;

	private MessageAssembler(boolean text, boolean keepPayload, @Nullable InboundBudget budget, int capacity) {
		this.text = text;
		this.keepPayload = keepPayload;
		this.budget = budget;
		this.textPayload = new StringBuilder((text && keepPayload) ? capacity : 0);
		this.binaryPayload = new byte[(!text && keepPayload) ? capacity : 0];
	}

	/**
	 * Start assembling a message whose parts are kept and joined. Room for a few parts
	 * like the first is reserved up front, so that a message of a few container buffers
	 * is joined without growing the buffer part by part.
	 * @param first the first part
	 * @param limit the largest message allowed, in bytes
	 * @param budget the budget the kept bytes are taken from, or {@code null} for none
	 * @return the assembler
	 */
	static MessageAssembler joining(WebSocketMessage<?> first, long limit, @Nullable InboundBudget budget) {
		long firstLength = (first instanceof TextMessage text) ? text.getPayload().length() : first.getPayloadLength();
		int capacity = (int) Math.min(limit, Math.max(64, firstLength * 4));
		return new MessageAssembler(first instanceof TextMessage, true, budget, capacity);
	}

	/**
	 * Start tracking the size of a message whose parts are passed on as they come.
	 * @param first the first part
	 * @return the assembler
	 */
	static MessageAssembler counting(WebSocketMessage<?> first) {
		return new MessageAssembler(first instanceof TextMessage, false, null, 0);
	}

	long size() {
		return this.size;
	}

	/**
	 * Add a part.
	 * @param part the part
	 * @param partSize its size in bytes
	 * @return {@code false} if the part was not kept because the budget does not have
	 * room for it or the assembler was released
	 */
	boolean append(WebSocketMessage<?> part, long partSize) {
		this.size += partSize;
		if (!this.keepPayload) {
			return true;
		}
		if (!hold(partSize)) {
			return false;
		}
		if (part instanceof TextMessage textPart) {
			this.textPayload.append(textPart.getPayload());
		}
		else if (part instanceof BinaryMessage binaryPart) {
			ByteBuffer buffer = binaryPart.getPayload().duplicate();
			int length = buffer.remaining();
			ensureCapacity(this.binaryLength + length);
			buffer.get(this.binaryPayload, this.binaryLength, length);
			this.binaryLength += length;
		}
		return true;
	}

	private synchronized boolean hold(long bytes) {
		if (this.released || (this.budget != null && !this.budget.tryAcquire(bytes))) {
			return false;
		}
		this.held += bytes;
		return true;
	}

	/**
	 * Give the kept bytes back to the budget. Only the first call has an effect; parts
	 * appended afterwards are refused. The session's reading thread and a thread closing
	 * the session may both call it.
	 */
	synchronized void release() {
		if (!this.released) {
			this.released = true;
			if (this.budget != null) {
				this.budget.release(this.held);
			}
			this.held = 0;
		}
	}

	private void ensureCapacity(int capacity) {
		if (capacity > this.binaryPayload.length) {
			int grown = Math.max(capacity, Math.max(1024, this.binaryPayload.length * 2));
			this.binaryPayload = Arrays.copyOf(this.binaryPayload, grown);
		}
	}

	WebSocketMessage<?> toMessage() {
		release();
		if (this.text) {
			return new TextMessage(this.textPayload.toString());
		}
		return new BinaryMessage(ByteBuffer.wrap(this.binaryPayload, 0, this.binaryLength));
	}

}
