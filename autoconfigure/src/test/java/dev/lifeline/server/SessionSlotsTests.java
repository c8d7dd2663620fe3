package dev.lifeline.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionSlots}.
 */
class SessionSlotsTests {

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

}
