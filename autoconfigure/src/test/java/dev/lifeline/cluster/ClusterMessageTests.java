package dev.lifeline.cluster;

import java.nio.ByteBuffer;

import dev.lifeline.server.CloseCause;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClusterMessage}.
 */
class ClusterMessageTests {

	@Test
	void textStaysText() {
		ClusterMessage decoded = ClusterMessage
			.decode(ClusterMessage.broadcast("node-a", new TextMessage("héllo ✓")).encode());
		assertThat(decoded.kind()).isEqualTo(ClusterMessage.Kind.BROADCAST);
		assertThat(decoded.origin()).isEqualTo("node-a");
		assertThat(decoded.sessionId()).isNull();
		assertThat(decoded.message()).isInstanceOf(TextMessage.class);
		assertThat(((TextMessage) decoded.message()).getPayload()).isEqualTo("héllo ✓");
	}

	@Test
	void binaryStaysBinaryAndTheSourceBufferIsUntouched() {
		ByteBuffer payload = ByteBuffer.wrap(new byte[] { 0, (byte) 0xff, 'T' });
		BinaryMessage message = new BinaryMessage(payload);
		ClusterMessage decoded = ClusterMessage.decode(ClusterMessage.send("node-a", "s1", message).encode());
		assertThat(decoded.kind()).isEqualTo(ClusterMessage.Kind.SEND);
		assertThat(decoded.sessionId()).isEqualTo("s1");
		assertThat(decoded.message()).isInstanceOf(BinaryMessage.class);
		assertThat(((BinaryMessage) decoded.message()).getPayload().array()).containsExactly(0, 0xff, 'T');
		assertThat(payload.remaining()).isEqualTo(3);
	}

	@Test
	void closeKeepsStatusAndCause() {
		ClusterMessage decoded = ClusterMessage.decode(ClusterMessage
			.close("node-b", "s2", CloseStatus.POLICY_VIOLATION.withReason("Closed by operator"), CloseCause.OPERATOR)
			.encode());
		assertThat(decoded.kind()).isEqualTo(ClusterMessage.Kind.CLOSE);
		assertThat(decoded.status()).isEqualTo(CloseStatus.POLICY_VIOLATION.withReason("Closed by operator"));
		assertThat(decoded.cause()).isEqualTo(CloseCause.OPERATOR);
	}

	@Test
	void userMessageKeepsUserAndMessage() {
		ClusterMessage decoded = ClusterMessage
			.decode(ClusterMessage.sendToUser("node-a", "alice@example.com", new TextMessage("hi")).encode());
		assertThat(decoded.kind()).isEqualTo(ClusterMessage.Kind.USER);
		assertThat(decoded.origin()).isEqualTo("node-a");
		assertThat(decoded.name()).isEqualTo("alice@example.com");
		assertThat(decoded.sessionId()).isNull();
		assertThat(((TextMessage) decoded.message()).getPayload()).isEqualTo("hi");
	}

	@Test
	void groupMessageKeepsGroupExceptionAndMessage() {
		ClusterMessage decoded = ClusterMessage
			.decode(ClusterMessage.sendToGroup("node-a", "room ✓", new BinaryMessage(new byte[] { 7 }), "s1").encode());
		assertThat(decoded.kind()).isEqualTo(ClusterMessage.Kind.GROUP);
		assertThat(decoded.name()).isEqualTo("room ✓");
		assertThat(decoded.sessionId()).isEqualTo("s1");
		assertThat(((BinaryMessage) decoded.message()).getPayload().array()).containsExactly(7);
		ClusterMessage toAll = ClusterMessage
			.decode(ClusterMessage.sendToGroup("node-a", "room", new TextMessage("x"), null).encode());
		assertThat(toAll.sessionId()).isNull();
	}

	@Test
	void aGroupNameLongerThanModifiedUtf8AllowsTravels() {
		String group = "g".repeat(70_000);
		ClusterMessage decoded = ClusterMessage.decode(ClusterMessage.join("node-a", "s1", group).encode());
		assertThat(decoded.name()).isEqualTo(group);
	}

	@Test
	void closeUserKeepsUserStatusAndCause() {
		ClusterMessage decoded = ClusterMessage.decode(ClusterMessage
			.closeUser("node-b", "bob", new CloseStatus(4001, "Signed out"), CloseCause.POLICY_VIOLATION)
			.encode());
		assertThat(decoded.kind()).isEqualTo(ClusterMessage.Kind.CLOSE_USER);
		assertThat(decoded.name()).isEqualTo("bob");
		assertThat(decoded.status()).isEqualTo(new CloseStatus(4001, "Signed out"));
		assertThat(decoded.cause()).isEqualTo(CloseCause.POLICY_VIOLATION);
	}

	@Test
	void joinAndLeaveKeepSessionAndGroup() {
		ClusterMessage join = ClusterMessage.decode(ClusterMessage.join("node-a", "s1", "room").encode());
		assertThat(join.kind()).isEqualTo(ClusterMessage.Kind.JOIN);
		assertThat(join.sessionId()).isEqualTo("s1");
		assertThat(join.name()).isEqualTo("room");
		ClusterMessage leave = ClusterMessage.decode(ClusterMessage.leave("node-a", "s1", "room").encode());
		assertThat(leave.kind()).isEqualTo(ClusterMessage.Kind.LEAVE);
		assertThat(leave.sessionId()).isEqualTo("s1");
		assertThat(leave.name()).isEqualTo("room");
	}

	@Test
	void earlierKindsKeepTheFirstVersionSoEarlierReleasesUnderstandThem() {
		assertThat(ClusterMessage.broadcast("n", new TextMessage("x")).encode()[0]).isEqualTo((byte) 1);
		assertThat(ClusterMessage.send("n", "s", new TextMessage("x")).encode()[0]).isEqualTo((byte) 1);
		assertThat(ClusterMessage.close("n", "s", CloseStatus.NORMAL, CloseCause.NORMAL).encode()[0])
			.isEqualTo((byte) 1);
		assertThat(ClusterMessage.join("n", "s", "g").encode()[0]).isEqualTo((byte) 2);
	}

	@Test
	void aNewKindUnderTheFirstVersionIsRejected() {
		byte[] join = ClusterMessage.join("n", "s", "g").encode();
		join[0] = 1;
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessage.decode(join))
			.withMessageContaining("JOIN");
	}

	@Test
	void aLengthPastTheEndIsRejected() {
		byte[] user = ClusterMessage.sendToUser("n", "alice", new TextMessage("x")).encode();
		// version, kind, origin ("n": 2 + 1 bytes), then the length of the user name
		user[6] = 0x7f;
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessage.decode(user));
	}

	@Test
	void onlyWholeDataMessagesTravel() {
		assertThat(ClusterMessage.isSupported(new TextMessage("x"))).isTrue();
		assertThat(ClusterMessage.isSupported(new TextMessage("x", false))).isFalse();
		assertThat(ClusterMessage.isSupported(new PingMessage())).isFalse();
	}

	@Test
	void malformedInputIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessage.decode(new byte[] { 9 }));
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterMessage.decode(new byte[] { 1, 0 }));
	}

}
