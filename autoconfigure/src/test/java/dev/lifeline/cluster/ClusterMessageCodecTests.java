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

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lifeline.cluster.ClusterMessage.Broadcast;
import dev.lifeline.cluster.ClusterMessage.CloseSession;
import dev.lifeline.cluster.ClusterMessage.CloseUser;
import dev.lifeline.cluster.ClusterMessage.Join;
import dev.lifeline.cluster.ClusterMessage.Leave;
import dev.lifeline.cluster.ClusterMessage.SendToGroup;
import dev.lifeline.cluster.ClusterMessage.SendToSession;
import dev.lifeline.cluster.ClusterMessage.SendToUser;
import dev.lifeline.server.CloseCause;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClusterMessageCodec}. Every kind of {@link ClusterMessage} is decoded
 * to what was encoded, and encoded to the bytes instances of earlier releases exchange,
 * since every instance of a cluster must read what the others publish.
 */
class ClusterMessageCodecTests {

	/**
	 * One message of every kind, with the bytes it is published as.
	 */
	private static final Map<ClusterMessage, String> WIRE = wire();

	private static Map<ClusterMessage, String> wire() {
		Map<ClusterMessage, String> wire = new LinkedHashMap<>();
		wire.put(new Broadcast("a", new TextMessage("hi")), "010000016154000000026869");
		wire.put(new SendToSession("a", "s1", new BinaryMessage(new byte[] { 1, 2 })),
				"01010001610002733142000000020102");
		wire.put(new CloseSession("a", "s1", new CloseStatus(4001, "x"), CloseCause.OPERATOR),
				"0102000161000273310fa100017800084f50455241544f52");
		wire.put(new SendToUser("a", "u", new TextMessage("hi")), "0203000161000000017554000000026869");
		wire.put(new SendToGroup("a", "g", new TextMessage("hi"), "s1"),
				"02040001610000000167010002733154000000026869");
		wire.put(new SendToGroup("a", "g", new TextMessage("hi"), null), "020400016100000001670054000000026869");
		wire.put(new CloseUser("a", "u", CloseStatus.NORMAL, CloseCause.NORMAL),
				"0205000161000000017503e8000000064e4f524d414c");
		wire.put(new Join("a", "s1", "g"), "0206000161000273310000000167");
		wire.put(new Leave("a", "s1", "g"), "0207000161000273310000000167");
		return wire;
	}

	@Test
	void everyKindIsCovered() {
		assertThat(WIRE.keySet().stream().map(Object::getClass).distinct().toList())
			.containsExactlyInAnyOrder(ClusterMessage.class.getPermittedSubclasses());
	}

	@Test
	void everyKindIsEncodedAsEarlierReleasesDo() {
		WIRE.forEach((message, hex) -> assertThat(HexFormat.of().formatHex(ClusterMessageCodec.encode(message)))
			.as(message.toString())
			.isEqualTo(hex));
	}

	@Test
	void everyKindRoundTrips() {
		WIRE.forEach((message, hex) -> {
			ClusterMessage decoded = ClusterMessageCodec.decode(HexFormat.of().parseHex(hex));
			assertThat(comparable(decoded)).as(message.toString()).isEqualTo(comparable(message));
		});
	}

	/**
	 * Spring's messages compare by identity; compare their type and payload instead. A
	 * close status without a reason travels with an empty one.
	 */
	private static List<Object> comparable(ClusterMessage message) {
		return Arrays.stream(message.getClass().getRecordComponents()).map((component) -> {
			try {
				Object value = component.getAccessor().invoke(message);
				if (value instanceof CloseStatus status) {
					return List.of(status.getCode(), (status.getReason() != null) ? status.getReason() : "");
				}
				return (value instanceof WebSocketMessage<?> payload) ? describe(payload) : value;
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	private static Object describe(WebSocketMessage<?> message) {
		if (message instanceof BinaryMessage binary) {
			ByteBuffer buffer = binary.getPayload().duplicate();
			byte[] bytes = new byte[buffer.remaining()];
			buffer.get(bytes);
			return List.of(BinaryMessage.class, HexFormat.of().formatHex(bytes));
		}
		return List.of(message.getClass(), message.getPayload());
	}

	@Test
	void textStaysText() {
		ClusterMessage decoded = roundTrip(new Broadcast("node-a", new TextMessage("héllo ✓")));
		assertThat(decoded).isInstanceOf(Broadcast.class);
		assertThat(decoded.origin()).isEqualTo("node-a");
		assertThat(((Broadcast) decoded).message()).isInstanceOf(TextMessage.class);
		assertThat(((TextMessage) ((Broadcast) decoded).message()).getPayload()).isEqualTo("héllo ✓");
	}

	@Test
	void binaryStaysBinaryAndTheSourceBufferIsUntouched() {
		ByteBuffer payload = ByteBuffer.wrap(new byte[] { 0, (byte) 0xff, 'T' });
		SendToSession decoded = (SendToSession) roundTrip(
				new SendToSession("node-a", "s1", new BinaryMessage(payload)));
		assertThat(decoded.sessionId()).isEqualTo("s1");
		assertThat(decoded.message()).isInstanceOf(BinaryMessage.class);
		assertThat(((BinaryMessage) decoded.message()).getPayload().array()).containsExactly(0, 0xff, 'T');
		assertThat(payload.remaining()).isEqualTo(3);
	}

	@Test
	void closeKeepsStatusAndCause() {
		CloseSession decoded = (CloseSession) roundTrip(new CloseSession("node-b", "s2",
				CloseStatus.POLICY_VIOLATION.withReason("Closed by operator"), CloseCause.OPERATOR));
		assertThat(decoded.status()).isEqualTo(CloseStatus.POLICY_VIOLATION.withReason("Closed by operator"));
		assertThat(decoded.cause()).isEqualTo(CloseCause.OPERATOR);
	}

	@Test
	void aCloseStatusWithoutAReasonArrivesWithAnEmptyOne() {
		CloseUser decoded = (CloseUser) roundTrip(
				new CloseUser("node-b", "bob", CloseStatus.NORMAL, CloseCause.NORMAL));
		assertThat(decoded.status().getCode()).isEqualTo(1000);
		assertThat(decoded.status().getReason()).isEmpty();
	}

	@Test
	void aGroupNameLongerThanModifiedUtf8AllowsTravels() {
		String group = "g".repeat(70_000);
		assertThat(((Join) roundTrip(new Join("node-a", "s1", group))).group()).isEqualTo(group);
	}

	@Test
	void earlierKindsKeepTheFirstVersionSoEarlierReleasesUnderstandThem() {
		assertThat(ClusterMessageCodec.encode(new Broadcast("n", new TextMessage("x")))[0]).isEqualTo((byte) 1);
		assertThat(ClusterMessageCodec.encode(new SendToSession("n", "s", new TextMessage("x")))[0])
			.isEqualTo((byte) 1);
		assertThat(ClusterMessageCodec.encode(new CloseSession("n", "s", CloseStatus.NORMAL, CloseCause.NORMAL))[0])
			.isEqualTo((byte) 1);
		assertThat(ClusterMessageCodec.encode(new Join("n", "s", "g"))[0]).isEqualTo((byte) 2);
	}

	@Test
	void aNewKindUnderTheFirstVersionIsRejected() {
		byte[] join = ClusterMessageCodec.encode(new Join("n", "s", "g"));
		join[0] = 1;
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessageCodec.decode(join))
			.withMessageContaining("JOIN");
	}

	@Test
	void aLengthPastTheEndIsRejected() {
		byte[] user = ClusterMessageCodec.encode(new SendToUser("n", "alice", new TextMessage("x")));
		// version, kind, origin ("n": 2 + 1 bytes), then the length of the user name
		user[6] = 0x7f;
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessageCodec.decode(user));
	}

	@Test
	void onlyWholeDataMessagesTravel() {
		assertThat(ClusterMessageCodec.isSupported(new TextMessage("x"))).isTrue();
		assertThat(ClusterMessageCodec.isSupported(new BinaryMessage(new byte[] { 1 }))).isTrue();
		assertThat(ClusterMessageCodec.isSupported(new TextMessage("x", false))).isFalse();
		assertThat(ClusterMessageCodec.isSupported(new PingMessage())).isFalse();
	}

	@Test
	void malformedInputIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessageCodec.decode(new byte[] { 9 }));
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessageCodec.decode(new byte[] { 1, 0 }));
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessageCodec.decode(new byte[] { 2, 99 }));
	}

	private static ClusterMessage roundTrip(ClusterMessage message) {
		return ClusterMessageCodec.decode(ClusterMessageCodec.encode(message));
	}

}
