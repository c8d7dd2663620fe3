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

import dev.lifeline.server.BroadcastResult;
import dev.lifeline.server.GroupLimitExceededException;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.InMemoryWebSocketSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SessionIndex}, through the users and groups API of
 * {@link WebSocketSessions} on in-memory sessions.
 */
class SessionIndexTests {

	private final SessionRegistry sessions = Registries.create(100_000, List.of(), null);

	private final ExecutorService executor = Executors.newFixedThreadPool(8);

	@AfterEach
	void shutdown() {
		this.executor.shutdownNow();
	}

	@Test
	void sessionsAreFoundSentToAndClosedByUser() {
		InMemoryWebSocketSession aliceOne = new InMemoryWebSocketSession("a1", "alice");
		InMemoryWebSocketSession aliceTwo = new InMemoryWebSocketSession("a2", "alice");
		InMemoryWebSocketSession bob = new InMemoryWebSocketSession("b1", "bob");
		InMemoryWebSocketSession anonymous = new InMemoryWebSocketSession("x1");
		List.of(aliceOne, aliceTwo, bob, anonymous).forEach(this.sessions::open);
		assertThat(this.sessions.userCount()).isEqualTo(2);
		assertThat(this.sessions.findByUser("alice")).extracting(LifelineSession::getId)
			.containsExactlyInAnyOrder("a1", "a2");
		assertThat(this.sessions.findByUser("carol")).isEmpty();
		BroadcastResult result = this.sessions.sendToUser("alice", new TextMessage("hi alice"));
		assertThat(result).isEqualTo(new BroadcastResult(2, 0, 0));
		assertThat(texts(aliceOne)).containsExactly("hi alice");
		assertThat(texts(aliceTwo)).containsExactly("hi alice");
		assertThat(bob.sent()).isEmpty();
		assertThat(anonymous.sent()).isEmpty();
		assertThat(this.sessions.sendToUser("carol", new TextMessage("nobody")).total()).isZero();
		assertThat(this.sessions.closeUser("alice", new CloseStatus(4000, "Signed out"))).isEqualTo(2);
		assertThat(aliceOne.closeStatus()).isEqualTo(new CloseStatus(4000, "Signed out"));
		assertThat(aliceTwo.closeStatus()).isEqualTo(new CloseStatus(4000, "Signed out"));
		assertThat(this.sessions.findByUser("alice")).isEmpty();
		assertThat(this.sessions.userCount()).isOne();
		assertThat(this.sessions.closeUser("alice", CloseStatus.NORMAL)).isZero();
		assertThat(bob.closeStatus()).isNull();
	}

	@Test
	void sessionsJoinAndLeaveGroupsAndGroupMessagesReachTheMembers() {
		SessionHolder one = this.sessions.open(new InMemoryWebSocketSession("s1", "alice"));
		SessionHolder two = this.sessions.open(new InMemoryWebSocketSession("s2", "bob"));
		SessionHolder three = this.sessions.open(new InMemoryWebSocketSession("s3"));
		assertThat(this.sessions.join("s1", "room")).isTrue();
		assertThat(this.sessions.join("s1", "room")).isFalse();
		assertThat(two.session().join("room")).isTrue();
		assertThat(two.session().join("lobby")).isTrue();
		assertThat(this.sessions.join("no-such-session", "room")).isFalse();
		assertThat(this.sessions.groupCount()).isEqualTo(2);
		assertThat(this.sessions.findByGroup("room")).extracting(LifelineSession::getId)
			.containsExactlyInAnyOrder("s1", "s2");
		assertThat(this.sessions.getGroups("s2")).containsExactly("room", "lobby");
		assertThat(two.session().getGroups()).containsExactly("room", "lobby");
		assertThat(this.sessions.getGroups("s3")).isEmpty();
		assertThat(this.sessions.getGroups("no-such-session")).isEmpty();
		assertThat(this.sessions.sendToGroup("room", new TextMessage("to the room")))
			.isEqualTo(new BroadcastResult(2, 0, 0));
		assertThat(this.sessions.sendToGroup("room", new TextMessage("not to s1"), "s1"))
			.isEqualTo(new BroadcastResult(1, 0, 0));
		assertThat(texts(one)).containsExactly("to the room");
		assertThat(texts(two)).containsExactly("to the room", "not to s1");
		assertThat(texts(three)).isEmpty();
		assertThat(this.sessions.leave("s1", "room")).isTrue();
		assertThat(one.session().leave("room")).isFalse();
		assertThat(two.session().leave("room")).isTrue();
		assertThat(this.sessions.findByGroup("room")).isEmpty();
		assertThat(this.sessions.groupCount()).isOne();
		assertThat(this.sessions.sendToGroup("room", new TextMessage("empty")).total()).isZero();
	}

	@Test
	void groupsAreASnapshotThatCannotBeChanged() {
		SessionHolder holder = this.sessions.open(new InMemoryWebSocketSession("s1"));
		holder.session().join("a");
		Set<String> groups = holder.session().getGroups();
		holder.session().join("b");
		assertThat(groups).containsExactly("a");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> groups.add("c"));
	}

	@Test
	void anEmptyGroupNameIsRejected() {
		SessionHolder holder = this.sessions.open(new InMemoryWebSocketSession("s1"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.sessions.join("s1", ""));
		assertThatIllegalArgumentException().isThrownBy(() -> holder.session().join(""));
	}

	@Test
	void membershipEndsWithTheSessionAndAnEmptyGroupDisappears() {
		SessionHolder one = this.sessions.open(new InMemoryWebSocketSession("s1", "alice"));
		SessionHolder two = this.sessions.open(new InMemoryWebSocketSession("s2", "alice"));
		one.session().join("room");
		one.session().join("solo");
		two.session().join("room");
		this.sessions.finish(one, CloseStatus.NORMAL);
		assertThat(this.sessions.findByGroup("room")).extracting(LifelineSession::getId).containsExactly("s2");
		assertThat(this.sessions.findByGroup("solo")).isEmpty();
		assertThat(this.sessions.groupCount()).isOne();
		assertThat(one.session().getGroups()).isEmpty();
		assertThat(one.session().join("again")).isFalse();
		this.sessions.finish(two, CloseStatus.NORMAL);
		assertThat(this.sessions.index().isEmpty()).isTrue();
		assertThat(this.sessions.userCount()).isZero();
		assertThat(this.sessions.groupCount()).isZero();
	}

	@Test
	void joiningPastTheLimitThrowsAndLeavingMakesRoom() {
		this.sessions.setMaxGroupsPerSession(3);
		SessionHolder holder = this.sessions.open(new InMemoryWebSocketSession("s1"));
		for (int i = 0; i < 3; i++) {
			assertThat(holder.session().join("g" + i)).isTrue();
		}
		assertThat(holder.session().join("g0")).isFalse();
		assertThatExceptionOfType(GroupLimitExceededException.class).isThrownBy(() -> this.sessions.join("s1", "g3"))
			.satisfies((ex) -> {
				assertThat(ex.getSessionId()).isEqualTo("s1");
				assertThat(ex.getGroup()).isEqualTo("g3");
				assertThat(ex.getLimit()).isEqualTo(3);
				assertThat(ex).hasMessageContaining("lifeline.max-groups-per-session");
			});
		assertThat(this.sessions.findByGroup("g3")).isEmpty();
		assertThat(holder.session().leave("g1")).isTrue();
		assertThat(holder.session().join("g3")).isTrue();
		assertThat(holder.session().getGroups()).containsExactly("g0", "g2", "g3");
	}

	@Test
	void theLimitIsExactUnderConcurrentJoinsOfOneSession() throws Exception {
		this.sessions.setMaxGroupsPerSession(10);
		for (int round = 0; round < 50; round++) {
			SessionHolder holder = this.sessions.open(new InMemoryWebSocketSession("s" + round));
			AtomicInteger joined = new AtomicInteger();
			AtomicInteger refused = new AtomicInteger();
			runConcurrently(100, (i) -> {
				try {
					if (holder.session().join("g" + i)) {
						joined.incrementAndGet();
					}
				}
				catch (GroupLimitExceededException ex) {
					refused.incrementAndGet();
				}
			});
			assertThat(joined).hasValue(10);
			assertThat(refused).hasValue(90);
			assertThat(holder.session().getGroups()).hasSize(10);
			this.sessions.finish(holder, CloseStatus.NORMAL);
		}
		assertThat(this.sessions.index().isEmpty()).isTrue();
	}

	@Test
	void aJoinRacingTheFinishLeavesNoMemberBehind() throws Exception {
		for (int round = 0; round < 500; round++) {
			SessionHolder holder = this.sessions.open(new InMemoryWebSocketSession("s" + round, "u" + (round % 7)));
			runConcurrently(8, (i) -> {
				if (i == 0) {
					this.sessions.finish(holder, CloseStatus.NORMAL);
				}
				else {
					holder.session().join("g" + (i % 3));
					holder.session().leave("g" + (i % 2));
				}
			});
		}
		assertThat(this.sessions.count()).isZero();
		assertThat(this.sessions.index().isEmpty()).isTrue();
	}

	@Test
	void tenThousandOpensAndClosesByOneHundredUsersLeaveNothingBehind() throws Exception {
		AtomicInteger next = new AtomicInteger();
		runConcurrently(8, (thread) -> {
			for (int i = 0; i < 1250; i++) {
				int n = next.getAndIncrement();
				SessionHolder holder = this.sessions.open(new InMemoryWebSocketSession("s" + n, "user-" + (n % 100)));
				holder.session().join("room-" + (n % 10));
				holder.session().join("user-room-" + (n % 100));
				this.sessions.sendToUser("user-" + ((n + 1) % 100), new TextMessage("ping"));
				this.sessions.sendToGroup("room-" + (n % 10), new TextMessage("ping"), holder.id());
				if (n % 2 == 0) {
					// Closed by the application, then reported by the container.
					this.sessions.close(holder.id(), CloseStatus.NORMAL);
				}
				this.sessions.finish(holder, CloseStatus.GOING_AWAY);
			}
		});
		assertThat(next).hasValue(10_000);
		assertThat(this.sessions.getStatistics().getClosedTotal()).isEqualTo(10_000);
		assertThat(this.sessions.count()).isZero();
		assertThat(this.sessions.userCount()).isZero();
		assertThat(this.sessions.groupCount()).isZero();
		assertThat(this.sessions.index().isEmpty()).isTrue();
	}

	private void runConcurrently(int threads, IntTask task) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			int index = i;
			futures.add(this.executor.submit(() -> {
				start.await();
				task.run(index);
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(30, TimeUnit.SECONDS);
		}
	}

	private static List<String> texts(SessionHolder holder) {
		return texts((InMemoryWebSocketSession) ContainerSessions.of(holder.session()));
	}

	private static List<String> texts(InMemoryWebSocketSession session) {
		return session.sent().stream().map(WebSocketMessage::getPayload).map(String::valueOf).toList();
	}

	@FunctionalInterface
	interface IntTask {

		void run(int index);

	}

}
