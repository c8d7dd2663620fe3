package dev.lifeline.server;

import dev.lifeline.server.engine.HeartbeatService;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With {@code lifeline.heartbeat.enabled=false} no ping is ever sent.
 */
@LifelineServerTest(properties = { "lifeline.heartbeat.enabled=false", "lifeline.heartbeat.interval=100ms" })
class HeartbeatDisabledTests {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void noPingIsSent() throws Exception {
		assertThat(this.context.getBeanNamesForType(HeartbeatService.class)).isEmpty();
		try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
			assertThatExceptionOfType(SocketTimeoutException.class)
				.isThrownBy(() -> client.readFrame(Duration.ofMillis(1500)));
			client.sendText("still open");
			assertThat(client.readFrame(Duration.ofSeconds(5)).text()).isEqualTo("still open");
		}
		assertThat(Thread.getAllStackTraces().keySet())
			.noneMatch((thread) -> thread.getName().startsWith(HeartbeatService.THREAD_NAME_PREFIX));
	}

}
