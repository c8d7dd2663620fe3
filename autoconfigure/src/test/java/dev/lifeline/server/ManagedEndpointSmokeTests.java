package dev.lifeline.server;

import java.time.Duration;

import dev.lifeline.test.EchoTestApplication;
import dev.lifeline.test.JdkWebSocketClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = EchoTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ManagedEndpointSmokeTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Test
	void echoesAndTracksSession() throws Exception {
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
			client.send("hello");
			assertThat(client.nextText(Duration.ofSeconds(5))).isEqualTo("hello");
			assertThat(this.sessions.count()).isEqualTo(1);
		}
		await().atMost(Duration.ofSeconds(2)).until(() -> this.sessions.count() == 0);
	}

}
