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

package dev.lifeline.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.lifeline.server.WebSocketSessions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Runs the sample app as configured by its {@code application.yml} with JDK clients: a
 * chat message is broadcast to every session as JSON, rooms and direct messages reach
 * their members and users only, bad commands and display names are refused, and the
 * actuator shows the sessions and the {@code websocket.*} meters.
 * <p>
 * To show that a message did <em>not</em> reach a session, the sender then broadcasts a
 * chat message: every session queues the sender's messages in the order the sender's
 * texts were handled, so once that chat message arrived, anything sent before it would
 * have arrived too.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "lifeline.heartbeat.interval=200ms", "lifeline.max-groups-per-session=2" })
class SampleChatEndToEndTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final AtomicInteger markers = new AtomicInteger();

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
	void sessionWithoutUserHasNoUserAndSendsAsItsTag() {
		ChatClient anonymous = connect();
		ChatClient bob = connect("bob");
		await().atMost(TIMEOUT).until(() -> anonymous.tag() != null && bob.tag() != null);
		assertThat(anonymous.welcome().propertyNames()).containsExactlyInAnyOrder("type", "id", "you");
		assertThat(this.sessions.find(anonymous.id()).orElseThrow().getPrincipal()).isNull();
		anonymous.send("/dm bob who am I?");
		JsonNode dm = bob.awaitMessage("dm");
		assertThat(dm.get("from").asString()).isEqualTo(anonymous.tag());
		assertThat(anonymous.awaitMessage("dm")).isEqualTo(dm);
	}

	@Test
	void userFromTheHandshakeIsThePrincipalAndTheSenderOfMessages() {
		ChatClient alice = connect("alice");
		ChatClient other = connect();
		await().atMost(TIMEOUT).until(() -> alice.tag() != null && other.tag() != null);
		assertThat(alice.welcome().get("user").asString()).isEqualTo("alice");
		assertThat(alice.welcome().get("you").asString()).hasSize(6);
		assertThat(this.sessions.find(alice.id()).orElseThrow().getPrincipalName()).isEqualTo("alice");
		alice.send("hello as alice");
		for (ChatClient client : List.of(alice, other)) {
			JsonNode chat = client.awaitMessage("chat");
			assertThat(chat.propertyNames()).containsExactly("type", "text", "from", "at");
			assertThat(chat.get("text").asString()).isEqualTo("hello as alice");
			assertThat(chat.get("from").asString()).isEqualTo("alice");
		}
	}

	@Test
	void userNameMayBeAnyPrintableWord() {
		ChatClient zoe = connect("Zoë☕");
		await().atMost(TIMEOUT).until(() -> zoe.tag() != null);
		assertThat(zoe.welcome().get("user").asString()).isEqualTo("Zoë☕");
		assertThat(this.sessions.findByUser("Zoë☕")).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "user=", "user", "user=bo%20b", "user=bob%00", "user=%E2%80%8Bbob", "user=alice&user=bob",
			"user=123456789012345678901234567890123" })
	void handshakeWithABadUserIsRefusedWith400(String query) {
		double rejected = meter("websocket.handshakes.rejected", "reason:INVALID_HANDSHAKE");
		assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> httpClient.newWebSocketBuilder()
			.connectTimeout(TIMEOUT)
			.buildAsync(URI.create("ws://localhost:" + this.port + "/ws?" + query), new WebSocket.Listener() {
			})
			.join())
			.havingCause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class,
					(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(400));
		assertThat(meter("websocket.handshakes.rejected", "reason:INVALID_HANDSHAKE")).isEqualTo(rejected + 1);
	}

	@Test
	void userNameOf32CharactersIsAccepted() {
		ChatClient client = connect("u".repeat(32));
		await().atMost(TIMEOUT).until(() -> client.tag() != null);
		assertThat(client.welcome().get("user").asString()).isEqualTo("u".repeat(32));
	}

	@Test
	void roomMessageReachesTheRoomsMembersOnly() {
		ChatClient alice = connect("alice");
		ChatClient bob = connect("bob");
		ChatClient carol = connect("carol");
		alice.send("/join lobby");
		bob.send("/join lobby");
		for (ChatClient member : List.of(alice, bob)) {
			JsonNode joined = member.awaitMessage("joined");
			assertThat(joined.get("room").asString()).isEqualTo("lobby");
			assertThat(joined.get("rooms").values()).map(JsonNode::asString).containsExactly("lobby");
		}
		assertThat(this.sessions.getGroups(alice.id())).containsExactly("lobby");
		alice.send("/room lobby members only");
		for (ChatClient member : List.of(alice, bob)) {
			JsonNode room = member.awaitMessage("room");
			assertThat(room.propertyNames()).containsExactly("type", "room", "text", "from", "at");
			assertThat(room.get("room").asString()).isEqualTo("lobby");
			assertThat(room.get("text").asString()).isEqualTo("members only");
			assertThat(room.get("from").asString()).isEqualTo("alice");
			assertThat(Instant.parse(room.get("at").asString())).isBetween(Instant.now().minusSeconds(10),
					Instant.now());
		}
		awaitMarker(alice, alice, bob, carol);
		assertThat(carol.messages("room")).isEmpty();
		assertThat(alice.messages("room")).hasSize(1);
		assertThat(bob.messages("room")).hasSize(1);
	}

	@Test
	void memberWhoLeftNoLongerGetsTheRoom() {
		ChatClient alice = connect("alice");
		ChatClient bob = connect("bob");
		alice.send("/join lobby");
		bob.send("/join lobby");
		bob.send("/join games");
		bob.awaitMessages("joined", 2);
		bob.send("/leave lobby");
		JsonNode left = bob.awaitMessage("left");
		assertThat(left.get("room").asString()).isEqualTo("lobby");
		assertThat(left.get("rooms").values()).map(JsonNode::asString).containsExactly("games");
		alice.awaitMessage("joined");
		alice.send("/room lobby still there?");
		alice.awaitMessage("room");
		awaitMarker(alice, alice, bob);
		assertThat(bob.messages("room")).isEmpty();
		assertThat(this.sessions.getGroups(bob.id())).containsExactly("games");
	}

	@Test
	void roomMessageFromANonMemberIsAnErrorToTheSenderOnly() {
		ChatClient alice = connect("alice");
		ChatClient carol = connect("carol");
		alice.send("/join lobby");
		alice.awaitMessage("joined");
		carol.send("/room lobby let me in");
		assertThat(carol.awaitMessage("error").get("text").asString()).contains("/join lobby");
		awaitMarker(carol, alice, carol);
		assertThat(alice.messages("room")).isEmpty();
		assertThat(alice.messages("error")).isEmpty();
		assertThat(carol.messages("room")).isEmpty();
	}

	@Test
	void directMessageReachesEverySessionOfTheUserAndACopyGoesToTheSender() {
		ChatClient bobAtHome = connect("bob");
		ChatClient bobAtWork = connect("bob");
		ChatClient alice = connect("alice");
		ChatClient carol = connect("carol");
		await().atMost(TIMEOUT).until(() -> this.sessions.findByUser("bob").size() == 2);
		alice.send("/dm bob lunch at noon?");
		for (ChatClient client : List.of(bobAtHome, bobAtWork, alice)) {
			JsonNode dm = client.awaitMessage("dm");
			assertThat(dm.propertyNames()).containsExactly("type", "to", "text", "from", "at");
			assertThat(dm.get("to").asString()).isEqualTo("bob");
			assertThat(dm.get("text").asString()).isEqualTo("lunch at noon?");
			assertThat(dm.get("from").asString()).isEqualTo("alice");
		}
		awaitMarker(alice, bobAtHome, bobAtWork, alice, carol);
		assertThat(carol.messages("dm")).isEmpty();
		for (ChatClient client : List.of(bobAtHome, bobAtWork, alice)) {
			assertThat(client.messages("dm")).hasSize(1);
		}
	}

	@Test
	void directMessageToOneselfArrivesOnceInEachOwnSession() {
		ChatClient bobAtHome = connect("bob");
		ChatClient bobAtWork = connect("bob");
		await().atMost(TIMEOUT).until(() -> this.sessions.findByUser("bob").size() == 2);
		bobAtHome.send("/dm bob buy milk");
		awaitMarker(bobAtHome, bobAtHome, bobAtWork);
		for (ChatClient client : List.of(bobAtHome, bobAtWork)) {
			assertThat(client.messages("dm")).singleElement()
				.satisfies((dm) -> assertThat(dm.get("from").asString()).isEqualTo("bob"));
		}
	}

	@Test
	void badCommandsAreAnsweredWithAnErrorToTheSenderOnly() {
		ChatClient alice = connect("alice");
		ChatClient bob = connect("bob");
		List<String> commands = List.of("/dm bob", "/dm", "/room lobby", "/join", "/join two words",
				"/join " + "r".repeat(33), "/dm " + "u".repeat(33) + " hi", "/leave lobby");
		commands.forEach(alice::send);
		List<JsonNode> errors = alice.awaitMessages("error", commands.size());
		assertThat(errors).allSatisfy((error) -> {
			assertThat(error.propertyNames()).containsExactly("type", "text");
			assertThat(error.get("text").asString()).isNotBlank();
		});
		assertThat(errors.get(0).get("text").asString()).isEqualTo("Usage: /dm USER TEXT");
		assertThat(errors.get(5).get("text").asString()).isEqualTo("A name has at most 32 characters.");
		assertThat(errors.get(7).get("text").asString()).isEqualTo("You are not in room lobby.");
		awaitMarker(alice, alice, bob);
		assertThat(bob.messages()).extracting((message) -> message.get("type").asString()).containsOnly("chat");
		assertThat(this.sessions.find(alice.id())).isPresent();
	}

	@Test
	void joiningBeyondTheLimitIsAnErrorAndTheSessionStaysOpen() {
		ChatClient alice = connect("alice");
		alice.send("/join one");
		alice.send("/join two");
		alice.send("/join one");
		alice.send("/join three");
		List<JsonNode> joined = alice.awaitMessages("joined", 3);
		assertThat(joined.get(2).get("rooms").values()).map(JsonNode::asString).containsExactly("one", "two");
		assertThat(alice.awaitMessage("error").get("text").asString()).contains("/leave ROOM");
		assertThat(this.sessions.getGroups(alice.id())).containsExactlyInAnyOrder("one", "two");
		alice.send("/leave two");
		alice.send("/join three");
		assertThat(alice.awaitMessages("joined", 4).get(3).get("rooms").values()).map(JsonNode::asString)
			.containsExactly("one", "three");
	}

	@Test
	void otherTextStartingWithASlashIsBroadcastAsSent() {
		ChatClient alice = connect("alice");
		ChatClient bob = connect();
		alice.send("/shrug ¯\\_(ツ)_/¯");
		alice.send("/joined the team");
		for (ChatClient client : List.of(alice, bob)) {
			assertThat(client.awaitMessages("chat", 2)).extracting((chat) -> chat.get("text").asString())
				.containsExactly("/shrug ¯\\_(ツ)_/¯", "/joined the team");
		}
	}

	/**
	 * Broadcast a marker from one client and wait until the others have it.
	 * @param sender the client that sent the messages under test
	 * @param receivers the clients that should see the marker
	 */
	private void awaitMarker(ChatClient sender, ChatClient... receivers) {
		String marker = "marker " + markers.incrementAndGet();
		sender.send(marker);
		for (ChatClient receiver : receivers) {
			await("marker at " + receiver.tag()).atMost(TIMEOUT)
				.until(() -> receiver.messages("chat")
					.stream()
					.anyMatch((chat) -> marker.equals(chat.get("text").asString())));
		}
	}

	@Test
	void actuatorShowsTheSessionsAndHealth() {
		ChatClient client = connect();
		await().atMost(Duration.ofSeconds(5)).until(() -> client.id() != null);
		await("RTT after a heartbeat").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode websocket = getJson("/actuator/websocket");
			assertThat(websocket.get("path").asString()).isEqualTo("/ws");
			// The chat's 1000 and the STOMP endpoint's 1000.
			assertThat(websocket.get("maxSessions").asInt()).isEqualTo(2000);
			assertThat(websocket.at("/endpoints/chatHandler/maxSessions").asInt()).isEqualTo(1000);
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
		assertThat(response.body()
			.lines()
			.filter((line) -> line.startsWith("websocket_sessions_active{")
					&& line.contains("endpoint=\"chatHandler\"")))
			.singleElement()
			.asString()
			.endsWith(" 0.0");
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
		return connect(null);
	}

	/**
	 * Connect a client and wait for its welcome.
	 * @param user the user name to connect as, or {@code null} for none
	 * @return the client
	 */
	private ChatClient connect(@Nullable String user) {
		String query = (user != null) ? "?user=" + UriUtils.encode(user, StandardCharsets.UTF_8) : "";
		ChatClient client = new ChatClient(this.jsonMapper);
		client.webSocket = httpClient.newWebSocketBuilder()
			.connectTimeout(TIMEOUT)
			.buildAsync(URI.create("ws://localhost:" + this.port + "/ws" + query), client)
			.join();
		this.clients.add(client);
		await("welcome").atMost(TIMEOUT).until(() -> client.tag() != null);
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
	 * A chat participant that records the welcome and the messages it receives.
	 */
	static final class ChatClient implements WebSocket.Listener {

		private final JsonMapper jsonMapper;

		private final StringBuilder partial = new StringBuilder();

		private final List<JsonNode> messages = new CopyOnWriteArrayList<>();

		private volatile WebSocket webSocket;

		private volatile JsonNode welcome;

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
					this.welcome = message;
					this.id = message.get("id").asString();
					this.tag = message.get("you").asString();
				}
				else {
					this.messages.add(message);
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

		JsonNode welcome() {
			return this.welcome;
		}

		List<JsonNode> chats() {
			return messages("chat");
		}

		List<JsonNode> messages() {
			return this.messages;
		}

		List<JsonNode> messages(String type) {
			return this.messages.stream().filter((message) -> type.equals(message.get("type").asString())).toList();
		}

		JsonNode awaitMessage(String type) {
			return awaitMessages(type, 1).get(0);
		}

		List<JsonNode> awaitMessages(String type, int count) {
			await(count + " " + type + " at " + this.tag).atMost(TIMEOUT).until(() -> messages(type).size() >= count);
			return messages(type);
		}

		void close() {
			if (!this.webSocket.isOutputClosed()) {
				this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
			}
		}

	}

}
