package dev.lifeline.server;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Starts writing one frame to a container's session without making the caller wait for
 * the peer, and reports when the frame is on the wire.
 *
 * @author Lifeline contributors
 */
interface FrameWriter {

	/**
	 * Start writing a text, binary, ping or pong message. The completion runs exactly
	 * once: on the calling thread when the write finished at once or failed at once, on a
	 * container thread otherwise.
	 * @param message the message
	 * @param completion called when the message is written or the write failed
	 */
	void write(WebSocketMessage<?> message, Completion completion);

	/**
	 * Write a small control frame on the calling thread, when the caller knows that the
	 * socket has room for it; a container whose socket turns out to be full after all
	 * fails the write after a few milliseconds instead of waiting. By default the same as
	 * {@link #write}.
	 * @param message the ping or pong
	 * @param completion called when the message is written or the write failed
	 */
	default void writeControlFrameNow(WebSocketMessage<?> message, Completion completion) {
		write(message, completion);
	}

	/**
	 * Whether a message is a text message.
	 * @param message the message
	 * @return {@code true} for text
	 */
	static boolean isText(WebSocketMessage<?> message) {
		return message instanceof TextMessage || message instanceof EncodedText;
	}

	/**
	 * Return the frame opcode of a message (RFC 6455 section 5.2).
	 * @param message the message
	 * @return the opcode
	 */
	static byte opcodeOf(WebSocketMessage<?> message) {
		if (message instanceof TextMessage || message instanceof EncodedText) {
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
	 * @param message the message
	 * @return the payload
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
	 * Called when a write ends.
	 */
	@FunctionalInterface
	interface Completion {

		/**
		 * The write ended.
		 * @param failure why it failed, or {@code null} when the frame is on the wire
		 */
		void written(@Nullable Throwable failure);

	}

}
