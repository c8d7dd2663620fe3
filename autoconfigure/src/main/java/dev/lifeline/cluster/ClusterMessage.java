package dev.lifeline.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.lifeline.server.CloseCause;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * A registry operation travelling between instances: a broadcast, a message for one
 * session, or a close. Encoded with {@link DataOutputStream} as a version, the kind, the
 * sending node, the target session and either the message (with its type, so text stays
 * text and binary stays binary) or the close status and cause.
 *
 * @param kind what to do
 * @param origin the id of the sending node
 * @param sessionId the target session, {@code null} for a broadcast
 * @param message the message to deliver, {@code null} for a close
 * @param status the close status, {@code null} unless closing
 * @param cause the close cause, {@code null} unless closing
 * @author Lifeline contributors
 */
record ClusterMessage(Kind kind, String origin, @Nullable String sessionId, @Nullable WebSocketMessage<?> message,
		@Nullable CloseStatus status, @Nullable CloseCause cause) {

	private static final int VERSION = 1;

	private static final byte TEXT = 'T';

	private static final byte BINARY = 'B';

	static ClusterMessage broadcast(String origin, WebSocketMessage<?> message) {
		return new ClusterMessage(Kind.BROADCAST, origin, null, message, null, null);
	}

	static ClusterMessage send(String origin, String sessionId, WebSocketMessage<?> message) {
		return new ClusterMessage(Kind.SEND, origin, sessionId, message, null, null);
	}

	static ClusterMessage close(String origin, String sessionId, CloseStatus status, CloseCause cause) {
		return new ClusterMessage(Kind.CLOSE, origin, sessionId, null, status, cause);
	}

	/**
	 * Whether a message can travel: only whole text and binary messages can.
	 */
	static boolean isSupported(WebSocketMessage<?> message) {
		return (message instanceof TextMessage || message instanceof BinaryMessage) && message.isLast();
	}

	byte[] encode() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + payloadLength());
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeByte(this.kind.ordinal());
			out.writeUTF(this.origin);
			if (this.kind != Kind.BROADCAST) {
				out.writeUTF(requireNonNull(this.sessionId));
			}
			if (this.kind == Kind.CLOSE) {
				CloseStatus status = requireNonNull(this.status);
				out.writeShort(status.getCode());
				out.writeUTF((status.getReason() != null) ? status.getReason() : "");
				out.writeUTF(requireNonNull(this.cause).name());
			}
			else {
				writeMessage(out, requireNonNull(this.message));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private int payloadLength() {
		return (this.message != null) ? this.message.getPayloadLength() : 0;
	}

	private static void writeMessage(DataOutputStream out, WebSocketMessage<?> message) throws IOException {
		byte[] payload;
		if (message instanceof TextMessage text) {
			out.writeByte(TEXT);
			payload = text.getPayload().getBytes(StandardCharsets.UTF_8);
		}
		else if (message instanceof BinaryMessage binary) {
			out.writeByte(BINARY);
			ByteBuffer buffer = binary.getPayload().duplicate();
			payload = new byte[buffer.remaining()];
			buffer.get(payload);
		}
		else {
			throw new IllegalArgumentException("Only text and binary messages can be relayed: " + message);
		}
		out.writeInt(payload.length);
		out.write(payload);
	}

	static ClusterMessage decode(byte[] encoded) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
			int version = in.readUnsignedByte();
			if (version != VERSION) {
				throw new IllegalArgumentException("Unsupported cluster message version " + version);
			}
			Kind kind = Kind.values()[in.readUnsignedByte()];
			String origin = in.readUTF();
			String sessionId = (kind != Kind.BROADCAST) ? in.readUTF() : null;
			if (kind == Kind.CLOSE) {
				int code = in.readUnsignedShort();
				String reason = in.readUTF();
				CloseCause cause = CloseCause.valueOf(in.readUTF());
				return new ClusterMessage(kind, origin, sessionId, null, new CloseStatus(code, reason), cause);
			}
			byte type = in.readByte();
			byte[] payload = new byte[in.readInt()];
			in.readFully(payload);
			WebSocketMessage<?> message = (type == TEXT) ? new TextMessage(payload) : new BinaryMessage(payload);
			return new ClusterMessage(kind, origin, sessionId, message, null, null);
		}
		catch (IOException | ArrayIndexOutOfBoundsException ex) {
			throw new IllegalArgumentException("Malformed cluster message", ex);
		}
	}

	private static <T> T requireNonNull(@Nullable T value) {
		if (value == null) {
			throw new IllegalStateException("Incomplete cluster message");
		}
		return value;
	}

	/**
	 * What a cluster message asks the receiving node to do.
	 */
	enum Kind {

		/**
		 * Send the message to every local session.
		 */
		BROADCAST,

		/**
		 * Send the message to one local session.
		 */
		SEND,

		/**
		 * Close one local session.
		 */
		CLOSE

	}

}
