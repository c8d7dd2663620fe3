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
 * session, a user or a group, a close of one session or of a user's sessions, or a
 * session joining or leaving a group. Encoded with {@link DataOutputStream} as a version,
 * the kind, the sending node, then what the kind needs: the target session, the user or
 * group name, the message (with its type, so text stays text and binary stays binary) or
 * the close status and cause.
 * <p>
 * Each message carries the lowest version that knows its kind, so an instance of an
 * earlier release still understands broadcasts, sends and closes during a rolling
 * upgrade, and ignores, with a warning, the kinds it does not know.
 *
 * @param kind what to do
 * @param origin the id of the sending node
 * @param sessionId the target session; for a group message the session not to send to, if
 * any; {@code null} otherwise
 * @param name the user or group, {@code null} unless the kind concerns one
 * @param message the message to deliver, {@code null} unless sending
 * @param status the close status, {@code null} unless closing
 * @param cause the close cause, {@code null} unless closing
 * @author Lifeline contributors
 */
record ClusterMessage(Kind kind, String origin, @Nullable String sessionId, @Nullable String name,
		@Nullable WebSocketMessage<?> message, @Nullable CloseStatus status, @Nullable CloseCause cause) {

	private static final int LATEST_VERSION = 2;

	private static final byte TEXT = 'T';

	private static final byte BINARY = 'B';

	static ClusterMessage broadcast(String origin, WebSocketMessage<?> message) {
		return new ClusterMessage(Kind.BROADCAST, origin, null, null, message, null, null);
	}

	static ClusterMessage send(String origin, String sessionId, WebSocketMessage<?> message) {
		return new ClusterMessage(Kind.SEND, origin, sessionId, null, message, null, null);
	}

	static ClusterMessage close(String origin, String sessionId, CloseStatus status, CloseCause cause) {
		return new ClusterMessage(Kind.CLOSE, origin, sessionId, null, null, status, cause);
	}

	static ClusterMessage sendToUser(String origin, String user, WebSocketMessage<?> message) {
		return new ClusterMessage(Kind.USER, origin, null, user, message, null, null);
	}

	static ClusterMessage sendToGroup(String origin, String group, WebSocketMessage<?> message,
			@Nullable String exceptSessionId) {
		return new ClusterMessage(Kind.GROUP, origin, exceptSessionId, group, message, null, null);
	}

	static ClusterMessage closeUser(String origin, String user, CloseStatus status, CloseCause cause) {
		return new ClusterMessage(Kind.CLOSE_USER, origin, null, user, null, status, cause);
	}

	static ClusterMessage join(String origin, String sessionId, String group) {
		return new ClusterMessage(Kind.JOIN, origin, sessionId, group, null, null, null);
	}

	static ClusterMessage leave(String origin, String sessionId, String group) {
		return new ClusterMessage(Kind.LEAVE, origin, sessionId, group, null, null, null);
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
			out.writeByte(this.kind.since);
			out.writeByte(this.kind.ordinal());
			out.writeUTF(this.origin);
			switch (this.kind) {
				case BROADCAST -> writeMessage(out, requireNonNull(this.message));
				case SEND -> {
					out.writeUTF(requireNonNull(this.sessionId));
					writeMessage(out, requireNonNull(this.message));
				}
				case CLOSE -> {
					out.writeUTF(requireNonNull(this.sessionId));
					writeClose(out);
				}
				case USER -> {
					writeName(out, requireNonNull(this.name));
					writeMessage(out, requireNonNull(this.message));
				}
				case GROUP -> {
					writeName(out, requireNonNull(this.name));
					out.writeBoolean(this.sessionId != null);
					if (this.sessionId != null) {
						out.writeUTF(this.sessionId);
					}
					writeMessage(out, requireNonNull(this.message));
				}
				case CLOSE_USER -> {
					writeName(out, requireNonNull(this.name));
					writeClose(out);
				}
				case JOIN, LEAVE -> {
					out.writeUTF(requireNonNull(this.sessionId));
					writeName(out, requireNonNull(this.name));
				}
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

	private void writeClose(DataOutputStream out) throws IOException {
		CloseStatus status = requireNonNull(this.status);
		out.writeShort(status.getCode());
		out.writeUTF((status.getReason() != null) ? status.getReason() : "");
		out.writeUTF(requireNonNull(this.cause).name());
	}

	/**
	 * Write a user or group name, which, unlike a session id, may be longer than
	 * {@link DataOutputStream#writeUTF} allows.
	 */
	private static void writeName(DataOutputStream out, String name) throws IOException {
		byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
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
			if (version < 1 || version > LATEST_VERSION) {
				throw new IllegalArgumentException("Unsupported cluster message version " + version);
			}
			Kind kind = Kind.values()[in.readUnsignedByte()];
			if (kind.since > version) {
				throw new IllegalArgumentException(
						"Unsupported cluster message kind " + kind + " in version " + version);
			}
			String origin = in.readUTF();
			return switch (kind) {
				case BROADCAST -> broadcast(origin, readMessage(in));
				case SEND -> send(origin, in.readUTF(), readMessage(in));
				case CLOSE -> {
					String sessionId = in.readUTF();
					CloseStatus status = readStatus(in);
					yield close(origin, sessionId, status, CloseCause.valueOf(in.readUTF()));
				}
				case USER -> sendToUser(origin, readName(in), readMessage(in));
				case GROUP -> {
					String group = readName(in);
					String except = in.readBoolean() ? in.readUTF() : null;
					yield sendToGroup(origin, group, readMessage(in), except);
				}
				case CLOSE_USER -> {
					String user = readName(in);
					CloseStatus status = readStatus(in);
					yield closeUser(origin, user, status, CloseCause.valueOf(in.readUTF()));
				}
				case JOIN -> join(origin, in.readUTF(), readName(in));
				case LEAVE -> leave(origin, in.readUTF(), readName(in));
			};
		}
		catch (IOException | IndexOutOfBoundsException | NegativeArraySizeException ex) {
			throw new IllegalArgumentException("Malformed cluster message", ex);
		}
	}

	private static CloseStatus readStatus(DataInputStream in) throws IOException {
		int code = in.readUnsignedShort();
		return new CloseStatus(code, in.readUTF());
	}

	private static String readName(DataInputStream in) throws IOException {
		return new String(readBytes(in), StandardCharsets.UTF_8);
	}

	private static WebSocketMessage<?> readMessage(DataInputStream in) throws IOException {
		byte type = in.readByte();
		byte[] payload = readBytes(in);
		return (type == TEXT) ? new TextMessage(payload) : new BinaryMessage(payload);
	}

	private static byte[] readBytes(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0 || length > in.available()) {
			throw new IOException("Length " + length + " past the end of the message");
		}
		byte[] bytes = new byte[length];
		in.readFully(bytes);
		return bytes;
	}

	private static <T> T requireNonNull(@Nullable T value) {
		if (value == null) {
			throw new IllegalStateException("Incomplete cluster message");
		}
		return value;
	}

	/**
	 * What a cluster message asks the receiving node to do. New kinds are added at the
	 * end, with the version that introduced them.
	 */
	enum Kind {

		/**
		 * Send the message to every local session.
		 */
		BROADCAST(1),

		/**
		 * Send the message to one local session.
		 */
		SEND(1),

		/**
		 * Close one local session.
		 */
		CLOSE(1),

		/**
		 * Send the message to every local session of a user.
		 */
		USER(2),

		/**
		 * Send the message to every local member of a group, but one.
		 */
		GROUP(2),

		/**
		 * Close every local session of a user.
		 */
		CLOSE_USER(2),

		/**
		 * Add one local session to a group.
		 */
		JOIN(2),

		/**
		 * Remove one local session from a group.
		 */
		LEAVE(2);

		private final int since;

		Kind(int since) {
			this.since = since;
		}

	}

}
