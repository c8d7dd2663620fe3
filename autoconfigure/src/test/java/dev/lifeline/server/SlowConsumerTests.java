package dev.lifeline.server;

import java.time.Duration;
import java.util.List;

import dev.lifeline.test.EchoTestApplication;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.SessionEventRecorder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A peer that stops reading is cut off as a slow consumer while the others keep receiving
 * every message.
 */
@SpringBootTest(classes = { EchoTestApplication.class, SessionEventRecorder.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "lifeline.send-time-limit=500ms", "lifeline.send-buffer-size-limit=64KB",
				"lifeline.cleanup-interval=200ms", "lifeline.heartbeat.enabled=false" })
class SlowConsumerTests {

	private static final int MESSAGES = 1500;

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	SessionEventRecorder events;

	@Test
	void nonReadingPeerIsCutOffWhileOthersReceiveEverything() throws Exception {
		try (JdkWebSocketClient fast1 = JdkWebSocketClient.connect(this.port, "/ws");
				JdkWebSocketClient fast2 = JdkWebSocketClient.connect(this.port, "/ws")) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 2);
			List<String> fastIds = this.sessions.stream().map(LifelineSession::getId).toList();
			try (RawWebSocketClient stalled = RawWebSocketClient.connect(this.port, "/ws")) {
				stalled.socket().setReceiveBufferSize(4096);
				await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 3);
				String stalledId = this.sessions.stream()
					.map(LifelineSession::getId)
					.filter((id) -> !fastIds.contains(id))
					.findFirst()
					.orElseThrow();
				String payload = "x".repeat(8 * 1024);
				for (int i = 0; i < MESSAGES; i++) {
					this.sessions.broadcast(new TextMessage(i + ":" + payload));
				}
				await().atMost(Duration.ofSeconds(20))
					.until(() -> fast1.received().size() == MESSAGES && fast2.received().size() == MESSAGES);
				for (JdkWebSocketClient fast : List.of(fast1, fast2)) {
					for (int i = 0; i < MESSAGES; i++) {
						assertThat(fast.received().get(i)).startsWith(i + ":");
					}
					assertThat(fast.isClosed()).isFalse();
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> this.events.closedEvent(stalledId) != null);
				assertThat(this.events.closedEvent(stalledId).getCause()).isEqualTo(CloseCause.SLOW_CONSUMER);
				assertThat(this.sessions.find(stalledId)).isEmpty();
				assertThat(this.sessions.count()).isEqualTo(2);
			}
		}
	}

}
