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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests for {@link TimingWheel} on a {@link ManualNanoClock}: every time is chosen
 * by the test, so where a tick boundary falls is fixed and the exact tick of each visit
 * can be asserted. The start is deliberately not on a tick boundary.
 */
class TimingWheelTests {

	private static final long TICK = Duration.ofMillis(250).toNanos();

	private static final long START = 1_234_567_890_123L;

	private final ManualNanoClock clock = new ManualNanoClock(START);

	private final TimingWheel wheel = new TimingWheel(TICK, Duration.ofSeconds(25).toNanos(), this.clock);

	private final List<String> visited = new ArrayList<>();

	@Test
	void idIsVisitedAtTheFirstTickAtOrAfterItsTimeAndNotBefore() {
		long due = START + Duration.ofSeconds(10).toNanos();
		long firstTickAtOrAfter = ceilToTick(due);
		assertThat(firstTickAtOrAfter).isGreaterThan(due);
		this.wheel.schedule("a", due);
		while (this.clock.nanoTime() + TICK / 5 < firstTickAtOrAfter) {
			advanceBy(TICK / 5);
		}
		advanceTo(firstTickAtOrAfter - 1);
		assertThat(this.visited).isEmpty();
		advanceTo(firstTickAtOrAfter);
		assertThat(this.visited).containsExactly("a");
		while (this.clock.nanoTime() < START + Duration.ofSeconds(30).toNanos()) {
			advanceBy(TICK / 5);
		}
		assertThat(this.visited).containsExactly("a");
		assertThat(this.wheel.size()).isZero();
	}

	@Test
	void idDueExactlyOnATickIsVisitedAtThatTick() {
		long due = ceilToTick(START + Duration.ofSeconds(3).toNanos());
		this.wheel.schedule("a", due);
		advanceTo(due - 1);
		assertThat(this.visited).isEmpty();
		advanceTo(due);
		assertThat(this.visited).containsExactly("a");
	}

	@Test
	void idScheduledDuringAVisitWaitsForALaterTick() {
		this.wheel.schedule("a", START);
		long now = this.clock.advance(TICK);
		this.wheel.advance(now, (id) -> {
			this.visited.add(id);
			this.wheel.schedule(id, now);
		});
		assertThat(this.visited).containsExactly("a");
		advanceTo(now);
		assertThat(this.visited).containsExactly("a");
		advanceTo(now + TICK);
		assertThat(this.visited).containsExactly("a", "a");
	}

	@Test
	void jumpBeyondTheSpanVisitsEveryIdOnce() {
		for (int i = 0; i < 1000; i++) {
			this.wheel.schedule("s" + i, START + i * Duration.ofMillis(25).toNanos());
		}
		advanceBy(Duration.ofMinutes(5).toNanos());
		assertThat(this.visited).hasSize(1000).doesNotHaveDuplicates();
		assertThat(this.wheel.size()).isZero();
	}

	@Test
	void timeBeyondTheSpanIsVisitedEarlyRatherThanLost() {
		this.wheel.schedule("far", START + Duration.ofMinutes(10).toNanos());
		advanceBy(Duration.ofSeconds(26).toNanos());
		assertThat(this.visited).containsExactly("far");
	}

	private void advanceBy(long nanos) {
		advanceTo(this.clock.nanoTime() + nanos);
	}

	private void advanceTo(long now) {
		this.clock.set(now);
		this.wheel.advance(now, this.visited::add);
	}

	private static long ceilToTick(long nanos) {
		return -Math.floorDiv(-nanos, TICK) * TICK;
	}

}
