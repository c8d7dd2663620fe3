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

package dev.lifeline.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.lifeline.cluster.ClusterMessage.Broadcast;
import dev.lifeline.cluster.ClusterMessage.CloseSession;
import dev.lifeline.cluster.ClusterMessage.CloseUser;
import dev.lifeline.cluster.ClusterMessage.Join;
import dev.lifeline.cluster.ClusterMessage.Leave;
import dev.lifeline.cluster.ClusterMessage.SendToGroup;
import dev.lifeline.cluster.ClusterMessage.SendToSession;
import dev.lifeline.cluster.ClusterMessage.SendToUser;
import dev.lifeline.server.CloseCause;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Writes and reads {@link ClusterMessage}s as the payload of a Redis message. Encoded
 * with {@link DataOutputStream} as a version, the kind, the sending node, then what the
 * kind needs: the target session, the user or group name, the message (with its type, so
 * text stays text and binary stays binary) or the close status and cause.
 * <p>
 * Each message carries the lowest version that knows its kind, so an instance of an
 * earlier release still understands broadcasts, sends and closes during a rolling
 * upgrade, and ignores, with a warning, the kinds it does not know.
 *
 * @author Lifeline contributors
 */
final class ClusterMessageCodec {

	private static final int LATEST_VERSION = 2;

	private static final byte TEXT = 'T';

	private static final byte BINARY = 'B';

	private ClusterMessageCodec() {
	}

	/**
	 * Whether a message can travel: only whole text and binary messages can.
	 * @param message the message
	 * @return {@code true} if it can be encoded
	 */
	static boolean isSupported(WebSocketMessage<?> message) {
		return (message instanceof TextMessage || message instanceof BinaryMessage) && message.isLast();
	}

	/**
	 * Encode a message.
	 * @param message the message
	 * @return the payload to publish
	 */
	static byte[] encode(ClusterMessage message) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + payloadLength(message));
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			if (message instanceof Broadcast broadcast) {
				writeHeader(out, Kind.BROADCAST, broadcast.origin());
				writeMessage(out, broadcast.message());
			}
			else if (message instanceof SendToSession send) {
				writeHeader(out, Kind.SEND, send.origin());
				out.writeUTF(send.sessionId());
				writeMessage(out, send.message());
			}
			else if (message instanceof CloseSession close) {
				writeHeader(out, Kind.CLOSE, close.origin());
				out.writeUTF(close.sessionId());
				writeClose(out, close.status(), close.cause());
			}
			else if (message instanceof SendToUser send) {
				writeHeader(out, Kind.USER, send.origin());
				writeName(out, send.user());
				writeMessage(out, send.message());
			}
			else if (message instanceof SendToGroup send) {
				writeHeader(out, Kind.GROUP, send.origin());
				writeName(out, send.group());
				String except = send.exceptSessionId();
				out.writeBoolean(except != null);
				if (except != null) {
					out.writeUTF(except);
				}
				writeMessage(out, send.message());
			}
			else if (message instanceof CloseUser close) {
				writeHeader(out, Kind.CLOSE_USER, close.origin());
				writeName(out, close.user());
				writeClose(out, close.status(), close.cause());
			}
			else if (message instanceof Join join) {
				writeHeader(out, Kind.JOIN, join.origin());
				out.writeUTF(join.sessionId());
				writeName(out, join.group());
			}
			else if (message instanceof Leave leave) {
				writeHeader(out, Kind.LEAVE, leave.origin());
				out.writeUTF(leave.sessionId());
				writeName(out, leave.group());
			}
			else {
				throw new IllegalArgumentException("Unknown cluster message " + message);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static int payloadLength(ClusterMessage message) {
		WebSocketMessage<?> payload = null;
		if (message instanceof Broadcast broadcast) {
			payload = broadcast.message();
		}
		else if (message instanceof SendToSession send) {
			payload = send.message();
		}
		else if (message instanceof SendToUser send) {
			payload = send.message();
		}
		else if (message instanceof SendToGroup send) {
			payload = send.message();
		}
		return (payload != null) ? payload.getPayloadLength() : 0;
	}

	private static void writeHeader(DataOutputStream out, Kind kind, String origin) throws IOException {
		out.writeByte(kind.since);
		out.writeByte(kind.ordinal());
		out.writeUTF(origin);
	}

	private static void writeClose(DataOutputStream out, CloseStatus status, CloseCause cause) throws IOException {
		out.writeShort(status.getCode());
		out.writeUTF((status.getReason() != null) ? status.getReason() : "");
		out.writeUTF(cause.name());
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

	/**
	 * Decode a message.
	 * @param encoded the payload received
	 * @return the message
	 * @throws IllegalArgumentException if the payload is malformed, or of a version or
	 * kind this release does not know
	 */
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
				case BROADCAST -> new Broadcast(origin, readMessage(in));
				case SEND -> new SendToSession(origin, in.readUTF(), readMessage(in));
				case CLOSE -> {
					String sessionId = in.readUTF();
					CloseStatus status = readStatus(in);
					yield new CloseSession(origin, sessionId, status, CloseCause.valueOf(in.readUTF()));
				}
				case USER -> new SendToUser(origin, readName(in), readMessage(in));
				case GROUP -> {
					String group = readName(in);
					String except = in.readBoolean() ? in.readUTF() : null;
					yield new SendToGroup(origin, group, readMessage(in), except);
				}
				case CLOSE_USER -> {
					String user = readName(in);
					CloseStatus status = readStatus(in);
					yield new CloseUser(origin, user, status, CloseCause.valueOf(in.readUTF()));
				}
				case JOIN -> new Join(origin, in.readUTF(), readName(in));
				case LEAVE -> new Leave(origin, in.readUTF(), readName(in));
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

	/**
	 * The kind of a message on the wire: its ordinal is the kind byte. New kinds are
	 * added at the end, with the version that introduced them.
	 */
	private enum Kind {

		BROADCAST(1), SEND(1), CLOSE(1), USER(2), GROUP(2), CLOSE_USER(2), JOIN(2), LEAVE(2);

		private final int since;

		Kind(int since) {
			this.since = since;
		}

	}

}
