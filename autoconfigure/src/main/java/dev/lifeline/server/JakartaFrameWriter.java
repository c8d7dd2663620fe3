package dev.lifeline.server;

import java.io.IOException;
import java.nio.ByteBuffer;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Writes through the Jakarta {@link RemoteEndpoint.Async} of the container's session:
 * text and binary messages are handed to the container and the caller returns at once,
 * whatever the state of the peer's socket. Control frames, which the Jakarta API sends
 * only blocking, go through the container's own asynchronous path when one is known.
 * <p>
 * The caller keeps at most one message in flight per session, as Tomcat requires. Binary
 * payloads are written from a duplicate of the message's buffer, so one message can be
 * broadcast to many sessions at once.
 *
 * @author Lifeline contributors
 */
final class JakartaFrameWriter implements FrameWriter {

	private final WebSocketSession session;

	private final Session nativeSession;

	private final ControlFrames controlFrames;

	JakartaFrameWriter(WebSocketSession session, Session nativeSession, ControlFrames controlFrames) {
		this.session = session;
		this.nativeSession = nativeSession;
		this.controlFrames = controlFrames;
	}

	@Override
	public void write(WebSocketMessage<?> message, Completion completion) {
		try {
			if (!message.isLast()) {
				// The Jakarta API has no asynchronous partial send.
				this.session.sendMessage(message);
				completion.written(null);
			}
			else if (message instanceof TextMessage text) {
				this.nativeSession.getAsyncRemote().sendText(text.getPayload(), handler(completion));
			}
			else if (message instanceof BinaryMessage binary) {
				this.nativeSession.getAsyncRemote().sendBinary(binary.getPayload().duplicate(), handler(completion));
			}
			else if (message instanceof PingMessage ping) {
				this.controlFrames.ping(this.nativeSession, ping.getPayload().duplicate(), completion);
			}
			else if (message instanceof PongMessage pong) {
				this.controlFrames.pong(this.nativeSession, pong.getPayload().duplicate(), completion);
			}
			else {
				throw new IllegalArgumentException("Unexpected WebSocket message type: " + message);
			}
		}
		catch (IOException | RuntimeException ex) {
			completion.written(ex);
		}
	}

	private static SendHandler handler(Completion completion) {
		return (result) -> completion.written(result.isOK() ? null : result.getException());
	}

	/**
	 * Writes pings and pongs for one kind of container.
	 */
	interface ControlFrames {

		/**
		 * Writes control frames through the blocking Jakarta API. Used only where the
		 * container offers nothing better; the caller sends a ping only when nothing else
		 * is being written, so the frame waits only if the socket buffer is full.
		 */
		ControlFrames BLOCKING = new ControlFrames() {

			@Override
			public void ping(Session session, ByteBuffer payload, Completion completion) throws IOException {
				session.getBasicRemote().sendPing(payload);
				completion.written(null);
			}

			@Override
			public void pong(Session session, ByteBuffer payload, Completion completion) throws IOException {
				session.getBasicRemote().sendPong(payload);
				completion.written(null);
			}

		};

		void ping(Session session, ByteBuffer payload, Completion completion) throws IOException;

		void pong(Session session, ByteBuffer payload, Completion completion) throws IOException;

	}

}
