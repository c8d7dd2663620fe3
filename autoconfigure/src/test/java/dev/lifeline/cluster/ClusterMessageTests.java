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
