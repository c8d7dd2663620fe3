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

package dev.lifeline.server.engine;

import dev.lifeline.actuate.ActuatorClient.Response;
import dev.lifeline.actuate.ActuatorClient;
import dev.lifeline.server.BroadcastResult;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.test.GroupChatTestApplication;
import dev.lifeline.test.JdkWebSocketClient;
import dev.lifeline.test.LifelineServerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Users and groups on a real server with real clients: sessions found, sent to and closed
 * by user, rooms joined and left by clients, group messages, the group limit, the
 * actuator and the gauges, and an index that is empty once every session closed.
 */
@LifelineServerTest(classes = GroupChatTestApplication.class,
		properties = { "lifeline.max-groups-per-session=3",
				"management.endpoints.web.exposure.include=health,websocket,metrics" })
@Import(ActuatorClient.class)
class UsersAndGroupsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	SessionRegistry sessions;

	@Autowired
	ActuatorClient actuator;

	@AfterEach
	void allSessionsClose() {
		await().atMost(TIMEOUT).until(() -> this.sessions.count() == 0);
		assertThat(this.sessions.index().isEmpty()).isTrue();
	}

	@Test
	void sendToUserReachesEverySessionOfTheUserOnceAndCloseUserClosesThemAll() throws Exception {
		try (JdkWebSocketClient aliceOne = connect("alice");
				JdkWebSocketClient aliceTwo = connect("alice");
				JdkWebSocketClient bob = connect("bob");
				JdkWebSocketClient anonymous = JdkWebSocketClient.connect(this.port, "/ws")) {
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 4);
			assertThat(this.sessions.userCount()).isEqualTo(2);
			assertThat(this.sessions.findByUser("alice")).hasSize(2)
				.allSatisfy((session) -> assertThat(session.getPrincipalName()).isEqualTo("alice"));
			assertThat(this.sessions.findByUser("carol")).isEmpty();
			assertThat(this.sessions.sendToUser("alice", new TextMessage("for alice")))
				.isEqualTo(new BroadcastResult(2, 0, 0));
			this.sessions.sendToUser("bob", new TextMessage("for bob"));
			assertThat(aliceOne.nextText(TIMEOUT)).isEqualTo("for alice");
			assertThat(aliceTwo.nextText(TIMEOUT)).isEqualTo("for alice");
			assertThat(bob.nextText(TIMEOUT)).isEqualTo("for bob");
			echoed(aliceOne, "end");
			echoed(anonymous, "end");
			assertThat(aliceOne.received()).containsExactly("for alice", "end");
			assertThat(anonymous.received()).containsExactly("end");

			assertThat(this.sessions.closeUser("alice", new CloseStatus(4001, "Signed out"))).isEqualTo(2);
			assertThat(aliceOne.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(4001);
			assertThat(aliceTwo.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(4001);
			assertThat(aliceOne.closeReason()).isEqualTo("Signed out");
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 2);
			assertThat(this.sessions.userCount()).isOne();
			assertThat(this.sessions.findByUser("alice")).isEmpty();
			echoed(bob, "still here");
		}
	}

	@Test
	void clientsJoinAndLeaveRoomsAndGroupMessagesReachTheOtherMembers() throws Exception {
		try (JdkWebSocketClient alice = connect("alice");
				JdkWebSocketClient bob = connect("bob");
				JdkWebSocketClient carol = connect("carol")) {
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 3);
			assertThat(command(alice, "join:room")).isEqualTo("joined:room:true");
			assertThat(command(alice, "join:room")).isEqualTo("joined:room:false");
			assertThat(command(bob, "join:room")).isEqualTo("joined:room:true");
			assertThat(command(bob, "join:lobby")).isEqualTo("joined:lobby:true");
			assertThat(command(bob, "groups")).isEqualTo("groups:room,lobby");
			assertThat(this.sessions.groupCount()).isEqualTo(2);
			assertThat(this.sessions.findByGroup("room")).extracting(LifelineSession::getPrincipalName)
				.containsExactlyInAnyOrder("alice", "bob");
			String bobId = this.sessions.findByUser("bob").get(0).getId();
			assertThat(this.sessions.getGroups(bobId)).containsExactly("room", "lobby");

			alice.send("say:room:hello room");
			assertThat(bob.nextText(TIMEOUT)).isEqualTo("hello room");
			assertThat(this.sessions.sendToGroup("room", new TextMessage("from the server")))
				.isEqualTo(new BroadcastResult(2, 0, 0));
			assertThat(alice.nextText(TIMEOUT)).isEqualTo("from the server");
			assertThat(bob.nextText(TIMEOUT)).isEqualTo("from the server");
			assertThat(this.sessions.sendToGroup("room", new TextMessage("not to bob"), bobId).total()).isOne();
			assertThat(alice.nextText(TIMEOUT)).isEqualTo("not to bob");
			echoed(bob, "end");
			echoed(carol, "end");
			assertThat(bob.received()).doesNotContain("not to bob");
			assertThat(Collections.frequency(bob.received(), "hello room")).isOne();
			assertThat(alice.received()).doesNotContain("hello room");
			assertThat(carol.received()).containsExactly("end");

			// The server joins a session too.
			String carolId = this.sessions.findByUser("carol").get(0).getId();
			assertThat(this.sessions.join(carolId, "room")).isTrue();
			assertThat(command(alice, "leave:room")).isEqualTo("left:room:true");
			assertThat(command(alice, "leave:room")).isEqualTo("left:room:false");
			bob.send("say:room:after alice left");
			assertThat(carol.nextText(TIMEOUT)).isEqualTo("after alice left");
			echoed(alice, "end");
			assertThat(alice.received()).doesNotContain("after alice left");

			// Membership ends with the session; an empty group disappears.
			bob.close();
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 2);
			assertThat(this.sessions.findByGroup("lobby")).isEmpty();
			assertThat(this.sessions.findByGroup("room")).extracting(LifelineSession::getId).containsExactly(carolId);
			assertThat(this.sessions.groupCount()).isOne();
			assertThat(this.sessions.leave(carolId, "room")).isTrue();
			assertThat(this.sessions.groupCount()).isZero();
		}
	}

	@Test
	void aClientCannotJoinMoreGroupsThanTheLimit() throws Exception {
		try (JdkWebSocketClient client = connect("alice")) {
			for (int i = 0; i < 3; i++) {
				assertThat(command(client, "join:g" + i)).isEqualTo("joined:g" + i + ":true");
			}
			assertThat(command(client, "join:g3")).isEqualTo("limit:g3");
			assertThat(this.sessions.groupCount()).isEqualTo(3);
			assertThat(command(client, "leave:g0")).isEqualTo("left:g0:true");
			assertThat(command(client, "join:g3")).isEqualTo("joined:g3:true");
			assertThat(command(client, "groups")).isEqualTo("groups:g1,g2,g3");
		}
	}

	@Test
	void actuatorAndGaugesCountUsersAndGroupsAndListTheSessionsOfAUser() throws Exception {
		try (JdkWebSocketClient aliceOne = connect("alice");
				JdkWebSocketClient aliceTwo = connect("alice");
				JdkWebSocketClient bob = connect("bob")) {
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 3);
			command(aliceOne, "join:room");
			command(bob, "join:room");
			command(bob, "join:lobby");
			Response summary = this.actuator.get("/actuator/websocket");
			assertThat(summary.<Integer>read("$.users")).isEqualTo(2);
			assertThat(summary.<Integer>read("$.groups")).isEqualTo(2);
			Response alice = this.actuator.get("/actuator/websocket/users/alice");
			assertThat(alice.status()).isEqualTo(200);
			assertThat(alice.<List<String>>read("$.sessions[*].id")).containsExactlyInAnyOrderElementsOf(
					this.sessions.findByUser("alice").stream().map(LifelineSession::getId).toList());
			assertThat(alice.<Integer>read("$.active")).isEqualTo(2);
			// Principal names are personal data, masked unless shown.
			assertThat(alice.<List<String>>read("$.sessions[*].principal")).containsOnly("******");
			assertThat(this.actuator.get("/actuator/websocket/users/carol").status()).isEqualTo(404);
			Response filtered = this.actuator.get("/actuator/websocket?user=alice");
			assertThat(filtered.status()).isEqualTo(200);
			assertThat(filtered.<List<String>>read("$.sessions[*].id"))
				.containsExactlyInAnyOrderElementsOf(alice.<List<String>>read("$.sessions[*].id"));
			assertThat(filtered.<Integer>read("$.active")).isEqualTo(3);
			assertThat(this.actuator.get("/actuator/websocket?user=carol").status()).isEqualTo(404);
			assertThat(this.actuator.get("/actuator/websocket/other/alice").status()).isEqualTo(404);
			assertThat(gauge("websocket.users")).isEqualTo(2);
			assertThat(gauge("websocket.groups")).isEqualTo(2);
			bob.close();
			await().atMost(TIMEOUT).until(() -> gauge("websocket.groups") == 1 && gauge("websocket.users") == 1);
		}
		await().atMost(TIMEOUT).until(() -> this.actuator.get("/actuator/websocket/users/alice").status() == 404);
		assertThat(this.actuator.get("/actuator/websocket").<Integer>read("$.users")).isZero();
	}

	@Test
	void aThousandOpensAndClosesByOneHundredUsersLeaveNothingIndexed() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(20);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int worker = 0; worker < 20; worker++) {
				int first = worker;
				futures.add(executor.submit(() -> {
					for (int i = first; i < 1000; i += 20) {
						int n = i;
						try (JdkWebSocketClient client = connect("user-" + (n % 100))) {
							client.send("join:room-" + (n % 10));
							await().atMost(TIMEOUT)
								.until(() -> client.received().contains("joined:room-" + (n % 10) + ":true"));
							client.send("say:room-" + (n % 10) + ":hi");
						}
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		await().atMost(TIMEOUT).until(() -> this.sessions.count() == 0);
		assertThat(this.sessions.getStatistics().getOpenedTotal()).isGreaterThanOrEqualTo(1000);
		assertThat(this.sessions.userCount()).isZero();
		assertThat(this.sessions.groupCount()).isZero();
		assertThat(this.sessions.index().isEmpty()).isTrue();
	}

	private JdkWebSocketClient connect(String user) {
		return JdkWebSocketClient.connect(this.port, "/ws?user=" + user);
	}

	private static String command(JdkWebSocketClient client, String command) throws InterruptedException {
		client.send(command);
		return client.nextText(TIMEOUT);
	}

	/**
	 * Send a text and read up to its echo, so that what was sent to the client before is
	 * in {@link JdkWebSocketClient#received()} and no longer to be read.
	 */
	private static void echoed(JdkWebSocketClient client, String text) throws InterruptedException {
		client.send(text);
		String next;
		do {
			next = client.nextText(TIMEOUT);
		}
		while (next != null && !next.equals(text));
		assertThat(next).isEqualTo(text);
	}

	private double gauge(String name) {
		return ((Number) this.actuator.get("/actuator/metrics/" + name).read("$.measurements[0].value")).doubleValue();
	}

}
