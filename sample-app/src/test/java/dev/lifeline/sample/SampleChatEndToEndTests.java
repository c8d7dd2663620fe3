package dev.lifeline.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.lifeline.server.WebSocketSessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the sample app as configured by its {@code application.yml} with JDK clients: a
 * chat message is broadcast to every session as JSON, and the actuator shows the sessions
 * and the {@code websocket.*} meters.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "lifeline.heartbeat.interval=200ms")
class SampleChatEndToEndTests {

	private static final HttpClient httpClient = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private WebSocketSessions sessions;

	@Autowired
	private JsonMapper jsonMapper;

	private final List<ChatClient> clients = new CopyOnWriteArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(ChatClient::close);
	}

	@Test
	void messageIsBroadcastToEverySessionAsJson() {
		ChatClient alice = connect();
		ChatClient bob = connect();
		await().atMost(Duration.ofSeconds(5)).until(() -> alice.tag() != null && bob.tag() != null);
		alice.send("hello, lifeline");
		for (ChatClient client : List.of(alice, bob)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> !client.chats().isEmpty());
			JsonNode chat = client.chats().get(0);
			assertThat(chat.get("text").asString()).isEqualTo("hello, lifeline");
			assertThat(chat.get("from").asString()).isEqualTo(alice.tag()).hasSize(6);
			assertThat(Instant.parse(chat.get("at").asString())).isBetween(Instant.now().minusSeconds(10),
					Instant.now());
		}
		assertThat(alice.tag()).isNotEqualTo(bob.tag());
	}

	@Test
	void actuatorShowsTheSessionsAndHealth() {
		ChatClient client = connect();
		await().atMost(Duration.ofSeconds(5)).until(() -> client.id() != null);
		await("RTT after a heartbeat").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode websocket = getJson("/actuator/websocket");
			assertThat(websocket.get("path").asString()).isEqualTo("/ws");
			assertThat(websocket.get("maxSessions").asInt()).isEqualTo(1000);
			JsonNode session = websocket.get("sessions").get(0);
			assertThat(session.get("id").asString()).isEqualTo(client.id());
			assertThat(session.get("rttMillis").isNumber()).isTrue();
		});
		JsonNode health = getJson("/actuator/health");
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.at("/components/websocket/status").asString()).isEqualTo("UP");
	}

	@Test
	void metersCountWhatHappened() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 0);
		double opened = meter("websocket.sessions.opened");
		double closedNormally = meter("websocket.sessions.closed", "cause:NORMAL");
		double received = meter("websocket.messages.received", "type:text");
		double sent = meter("websocket.messages.sent", "type:text");
		double durations = meter("websocket.session.duration");
		ChatClient client = connect();
		await().atMost(Duration.ofSeconds(5)).until(() -> client.tag() != null);
		assertThat(meter("websocket.sessions.active")).isOne();
		client.send("count me");
		await().atMost(Duration.ofSeconds(5)).until(() -> !client.chats().isEmpty());
		client.close();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 0);
		assertThat(meter("websocket.sessions.active")).isZero();
		assertThat(meter("websocket.sessions.opened")).isEqualTo(opened + 1);
		assertThat(meter("websocket.sessions.closed", "cause:NORMAL")).isEqualTo(closedNormally + 1);
		assertThat(meter("websocket.messages.received", "type:text")).isEqualTo(received + 1);
		// The welcome and the broadcast chat message.
		assertThat(meter("websocket.messages.sent", "type:text")).isEqualTo(sent + 2);
		assertThat(meter("websocket.session.duration")).isEqualTo(durations + 1);
	}

	@Test
	void prometheusShowsTheWebSocketMeters() {
		ChatClient client = connect();
		await().atMost(Duration.ofSeconds(5)).until(() -> client.tag() != null);
		client.send("count me");
		await().atMost(Duration.ofSeconds(5)).until(() -> !client.chats().isEmpty());
		await("a heartbeat ping").atMost(Duration.ofSeconds(5)).until(() -> meter("websocket.heartbeat.pings") > 0);
		client.close();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 0);
		HttpResponse<String> response = get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("websocket_sessions_active", "websocket_sessions_opened_total",
				"websocket_sessions_closed_total{", "websocket_heartbeat_pings_total",
				"websocket_messages_received_total{", "websocket_messages_sent_total{",
				"websocket_session_duration_seconds_count", "type=\"text\"");
		assertThat(response.body().lines().filter((line) -> line.startsWith("websocket_sessions_active ")))
			.singleElement()
			.isEqualTo("websocket_sessions_active 0.0");
	}

	/**
	 * Read a meter's count, or its value for a gauge, from {@code /actuator/metrics}.
	 */
	private double meter(String name, String... tags) {
		StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
		for (int i = 0; i < tags.length; i++) {
			path.append((i == 0) ? '?' : '&').append("tag=").append(tags[i]);
		}
		JsonNode measurement = getJson(path.toString()).get("measurements").get(0);
		assertThat(measurement.get("statistic").asString()).isIn("COUNT", "VALUE");
		return measurement.get("value").asDouble();
	}

	private ChatClient connect() {
		ChatClient client = new ChatClient(this.jsonMapper);
		client.webSocket = httpClient.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.buildAsync(URI.create("ws://localhost:" + this.port + "/ws"), client)
			.join();
		this.clients.add(client);
		return client;
	}

	private JsonNode getJson(String path) {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return this.jsonMapper.readTree(response.body());
	}

	private HttpResponse<String> get(String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build();
		return httpClient.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
	}

	/**
	 * A chat participant that records the welcome and the chat messages it receives.
	 */
	static final class ChatClient implements WebSocket.Listener {

		private final JsonMapper jsonMapper;

		private final StringBuilder partial = new StringBuilder();

		private final List<JsonNode> chats = new CopyOnWriteArrayList<>();

		private volatile WebSocket webSocket;

		private volatile String id;

		private volatile String tag;

		ChatClient(JsonMapper jsonMapper) {
			this.jsonMapper = jsonMapper;
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				JsonNode message = this.jsonMapper.readTree(this.partial.toString());
				this.partial.setLength(0);
				if ("welcome".equals(message.get("type").asString())) {
					this.id = message.get("id").asString();
					this.tag = message.get("you").asString();
				}
				else {
					this.chats.add(message);
				}
			}
			return null;
		}

		void send(String text) {
			this.webSocket.sendText(text, true).join();
		}

		String id() {
			return this.id;
		}

		String tag() {
			return this.tag;
		}

		List<JsonNode> chats() {
			return this.chats;
		}

		void close() {
			if (!this.webSocket.isOutputClosed()) {
				this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
			}
		}

	}

}
