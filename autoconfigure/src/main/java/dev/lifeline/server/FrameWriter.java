package dev.lifeline.server;

import org.jspecify.annotations.Nullable;

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
