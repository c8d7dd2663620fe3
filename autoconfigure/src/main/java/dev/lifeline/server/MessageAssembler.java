package dev.lifeline.server;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Joins the partial messages of one text or binary message into a whole one. Allocated
 * only while a session receives a message that spans more than one partial delivery, so
 * idle sessions pay nothing for large message limits.
 *
 * @author Lifeline contributors
 */
final class MessageAssembler {

	private final boolean text;

	private final boolean keepPayload;

	private final StringBuilder textPayload;

	private byte[] binaryPayload;

	private int binaryLength;

	private long size;

	private MessageAssembler(boolean text, boolean keepPayload, int capacity) {
		this.text = text;
		this.keepPayload = keepPayload;
		this.textPayload = new StringBuilder((text && keepPayload) ? capacity : 0);
		this.binaryPayload = new byte[(!text && keepPayload) ? capacity : 0];
	}

	/**
	 * Start assembling a message whose parts are kept and joined. Room for a few parts
	 * like the first is reserved up front, so that a message of a few container buffers
	 * is joined without growing the buffer part by part.
	 * @param first the first part
	 * @param limit the largest message allowed, in bytes
	 * @return the assembler
	 */
	static MessageAssembler joining(WebSocketMessage<?> first, long limit) {
		long firstLength = (first instanceof TextMessage text) ? text.getPayload().length() : first.getPayloadLength();
		int capacity = (int) Math.min(limit, Math.max(64, firstLength * 4));
		return new MessageAssembler(first instanceof TextMessage, true, capacity);
	}

	/**
	 * Start tracking the size of a message whose parts are passed on as they come.
	 * @param first the first part
	 * @return the assembler
	 */
	static MessageAssembler counting(WebSocketMessage<?> first) {
		return new MessageAssembler(first instanceof TextMessage, false, 0);
	}

	long size() {
		return this.size;
	}

	void append(WebSocketMessage<?> part, long partSize) {
		this.size += partSize;
		if (!this.keepPayload) {
			return;
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
	}

	private void ensureCapacity(int capacity) {
		if (capacity > this.binaryPayload.length) {
			int grown = Math.max(capacity, Math.max(1024, this.binaryPayload.length * 2));
			this.binaryPayload = Arrays.copyOf(this.binaryPayload, grown);
		}
	}

	WebSocketMessage<?> toMessage() {
		if (this.text) {
			return new TextMessage(this.textPayload.toString());
		}
		return new BinaryMessage(ByteBuffer.wrap(this.binaryPayload, 0, this.binaryLength));
	}

}
