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

package dev.lifeline.server.handshake;

import dev.lifeline.server.engine.Registries;
import dev.lifeline.server.ManagedEndpoint;
import dev.lifeline.server.OverflowStrategy;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.SessionSettings;
import dev.lifeline.server.engine.SessionRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionSlots}.
 */
class SessionSlotsTests {

	@Test
	void assignUserMovesTheSlotToTheHandshakeHandlersPrincipalWithinItsCap() {
		SessionSlots slots = new SessionSlots(10, 2, null);
		SessionSlots.Slot first = slots.reserve(null, "10.0.0.1");
		SessionSlots.Slot second = slots.reserve("container", "10.0.0.1");
		SessionSlots.Slot third = slots.reserve(null, "10.0.0.1");
		assertThat(first.assignUser("alice")).isTrue();
		assertThat(second.assignUser("alice")).isTrue();
		assertThat(slots.getReservedByUser("container")).isZero();
		assertThat(third.assignUser("alice")).isFalse();
		assertThat(slots.getReservedByUser("alice")).isEqualTo(2);
		third.release();
		assertThat(slots.getReserved()).isEqualTo(2);
		assertThat(second.assignUser(null)).isTrue();
		assertThat(slots.getReservedByUser("alice")).isOne();
		first.release();
		second.release();
		assertThat(first.assignUser("bob")).isTrue();
		assertThat(slots.getReservedByUser("bob")).isZero();
		assertThat(slots.getReservedByUser("alice")).isZero();
		assertThat(slots.getReserved()).isZero();
	}

	@Test
	void concurrentReservationsNeverPassTheCaps() throws Exception {
		SessionSlots slots = new SessionSlots(50, 5, 20);
		int threads = 16;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<List<SessionSlots.Slot>>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				results.add(executor.submit(() -> {
					start.await();
					List<SessionSlots.Slot> granted = new ArrayList<>();
					for (int i = 0; i < 100; i++) {
						SessionSlots.Slot slot = slots.reserve("user" + (i % 20), "10.0.0." + (thread % 4));
						if (slot.getRefusal() == null) {
							granted.add(slot);
						}
					}
					return granted;
				}));
			}
			start.countDown();
			List<SessionSlots.Slot> granted = new ArrayList<>();
			for (Future<List<SessionSlots.Slot>> result : results) {
				granted.addAll(result.get());
			}
			assertThat(granted).hasSize(50);
			assertThat(slots.getReserved()).isEqualTo(50);
			for (int i = 0; i < 4; i++) {
				assertThat(slots.getReservedByAddress("10.0.0." + i)).isLessThanOrEqualTo(20);
			}
			for (int i = 0; i < 20; i++) {
				assertThat(slots.getReservedByUser("user" + i)).isLessThanOrEqualTo(5);
			}
			granted.forEach(SessionSlots.Slot::release);
			granted.forEach(SessionSlots.Slot::release);
			assertThat(slots.getReserved()).isZero();
			assertThat(slots.getReservedByUser("user0")).isZero();
			assertThat(slots.getReservedByAddress("10.0.0.0")).isZero();
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void refusalSaysWhichCapAndTakesNothing() {
		SessionSlots slots = new SessionSlots(3, 1, 2);
		assertThat(slots.reserve("alice", "10.0.0.1").getRefusal()).isNull();
		assertThat(slots.reserve("alice", "10.0.0.2").getRefusal()).isEqualTo(RejectionReason.USER_LIMIT);
		assertThat(slots.reserve("bob", "10.0.0.1").getRefusal()).isNull();
		assertThat(slots.reserve("carol", "10.0.0.1").getRefusal()).isEqualTo(RejectionReason.ADDRESS_LIMIT);
		assertThat(slots.reserve(null, "10.0.0.3").getRefusal()).isNull();
		assertThat(slots.reserve(null, "10.0.0.4").getRefusal()).isEqualTo(RejectionReason.CAPACITY);
		assertThat(slots.getReserved()).isEqualTo(3);
		assertThat(slots.getReservedByUser("carol")).isZero();
		assertThat(slots.getReservedByAddress("10.0.0.4")).isZero();
	}

	@Test
	void eachEndpointIsCappedByItsOwnMaxSessionsExactlyUnderConcurrency() throws Exception {
		SessionRegistry sessions = Registries.create(1000, List.of(), null);
		ManagedEndpoint chat = sessions.addEndpoint("chat", "/chat", settings(30));
		ManagedEndpoint notifications = sessions.addEndpoint("notifications", "/notifications", settings(10));
		SessionSlots slots = new SessionSlots(40, null, null);
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<List<SessionSlots.Slot>>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				ManagedEndpoint endpoint = (t % 2 == 0) ? chat : notifications;
				results.add(executor.submit(() -> {
					start.await();
					List<SessionSlots.Slot> granted = new ArrayList<>();
					for (int i = 0; i < 50; i++) {
						SessionSlots.Slot slot = slots.reserve(endpoint, null, null);
						if (slot.getRefusal() == null) {
							granted.add(slot);
						}
						else {
							assertThat(slot.getRefusal()).isEqualTo(RejectionReason.CAPACITY);
						}
					}
					return granted;
				}));
			}
			start.countDown();
			List<SessionSlots.Slot> granted = new ArrayList<>();
			for (Future<List<SessionSlots.Slot>> result : results) {
				granted.addAll(result.get());
			}
			assertThat(granted).hasSize(40);
			assertThat(slots.getReserved()).isEqualTo(40);
			assertThat(slots.reserve(chat, null, null).getRefusal()).isEqualTo(RejectionReason.CAPACITY);
			assertThat(slots.reserve(notifications, null, null).getRefusal()).isEqualTo(RejectionReason.CAPACITY);
			granted.forEach(SessionSlots.Slot::release);
			assertThat(slots.getReserved()).isZero();
			List<SessionSlots.Slot> again = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				again.add(slots.reserve(chat, null, null));
			}
			assertThat(again).allSatisfy((slot) -> assertThat(slot.getRefusal()).isNull());
			assertThat(slots.reserve(chat, null, null).getRefusal()).isEqualTo(RejectionReason.CAPACITY);
			assertThat(slots.reserve(notifications, null, null).getRefusal()).isNull();
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static SessionSettings settings(int maxSessions) {
		return new SessionSettings(maxSessions, DataSize.ofKilobytes(64), DataSize.ofKilobytes(64),
				Duration.ofSeconds(10), DataSize.ofKilobytes(512), OverflowStrategy.TERMINATE, Duration.ofSeconds(1),
				Duration.ofSeconds(1), Duration.ofSeconds(1));
	}

}
