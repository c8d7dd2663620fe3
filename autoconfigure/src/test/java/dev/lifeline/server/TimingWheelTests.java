package dev.lifeline.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests for {@link TimingWheel} on a virtual clock.
 */
class TimingWheelTests {

	private static final long TICK = Duration.ofMillis(250).toNanos();

	private final TimingWheel wheel = new TimingWheel(TICK, Duration.ofSeconds(25).toNanos());

	private final long start = System.nanoTime();

	@Test
	void idIsVisitedAtTheFirstTickAtOrAfterItsTimeAndNotBefore() {
		long due = this.start + Duration.ofSeconds(10).toNanos();
		this.wheel.schedule("a", due);
		List<Long> visits = new ArrayList<>();
		for (long now = this.start; now < this.start + Duration.ofSeconds(30).toNanos(); now += TICK / 5) {
			long at = now;
			this.wheel.advance(now, (id) -> visits.add(at));
		}
		assertThat(visits).hasSize(1);
		assertThat(visits.get(0)).isGreaterThanOrEqualTo(due).isLessThanOrEqualTo(due + TICK);
		assertThat(this.wheel.size()).isZero();
	}

	@Test
	void idScheduledDuringAVisitWaitsForALaterTick() {
		this.wheel.schedule("a", this.start);
		List<String> visited = new ArrayList<>();
		long now = this.start + TICK;
		this.wheel.advance(now, (id) -> {
			visited.add(id);
			this.wheel.schedule(id, now);
		});
		assertThat(visited).containsExactly("a");
		this.wheel.advance(now, visited::add);
		assertThat(visited).containsExactly("a");
		this.wheel.advance(now + TICK, visited::add);
		assertThat(visited).containsExactly("a", "a");
	}

	@Test
	void jumpBeyondTheSpanVisitsEveryIdOnce() {
		for (int i = 0; i < 1000; i++) {
			this.wheel.schedule("s" + i, this.start + i * Duration.ofMillis(25).toNanos());
		}
		List<String> visited = new ArrayList<>();
		this.wheel.advance(this.start + Duration.ofMinutes(5).toNanos(), visited::add);
		assertThat(visited).hasSize(1000).doesNotHaveDuplicates();
		assertThat(this.wheel.size()).isZero();
	}

	@Test
	void timeBeyondTheSpanIsVisitedEarlyRatherThanLost() {
		this.wheel.schedule("far", this.start + Duration.ofMinutes(10).toNanos());
		List<String> visited = new ArrayList<>();
		this.wheel.advance(this.start + Duration.ofSeconds(26).toNanos(), visited::add);
		assertThat(visited).containsExactly("far");
	}

}
