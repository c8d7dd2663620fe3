package dev.lifeline.server;

import java.io.IOException;

import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Writes through the portable Jakarta API, for containers whose own asynchronous path
 * Lifeline does not know: text and binary messages through {@code RemoteEndpoint.Async},
 * which returns at once. The Jakarta API sends control frames and partial messages only
 * blocking; the outbound queue writes a ping only when nothing else is being written, so
 * it waits only if the socket buffer is full.
 *
 * @author Lifeline contributors
 */
final class JakartaFrameWriter implements FrameWriter {

	private final WebSocketSession session;

	private final Session nativeSession;

	JakartaFrameWriter(WebSocketSession session, Session nativeSession) {
		this.session = session;
		this.nativeSession = nativeSession;
	}

	@Override
	public void write(WebSocketMessage<?> message, Completion completion) {
		try {
			if (!message.isLast()) {
				this.session.sendMessage(message);
				completion.written(null);
			}
			else if (FrameWriter.isText(message)) {
				this.nativeSession.getAsyncRemote().sendText((String) message.getPayload(), handler(completion));
			}
			else if (message instanceof BinaryMessage binary) {
				this.nativeSession.getAsyncRemote().sendBinary(binary.getPayload().duplicate(), handler(completion));
			}
			else if (message instanceof PingMessage ping) {
				this.nativeSession.getBasicRemote().sendPing(ping.getPayload().duplicate());
				completion.written(null);
			}
			else if (message instanceof PongMessage pong) {
				this.nativeSession.getBasicRemote().sendPong(pong.getPayload().duplicate());
				completion.written(null);
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

}
