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

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The heartbeat's schedule: each session's id waits in the slot of the tick when the
 * session next needs a look, so that a sweep visits only the sessions due instead of all
 * of them. Holds ids rather than sessions, so a session that closes in the meantime is
 * not kept from the garbage collector; its id is dropped when its slot comes.
 * <p>
 * Used by one thread at a time.
 *
 * @author Lifeline contributors
 */
final class TimingWheel {

	private final long tickNanos;

	private final Slot[] slots;

	private final Slot due = new Slot();

	private long cursor;

	/**
	 * Create a wheel.
	 * @param tickNanos the length of one slot
	 * @param spanNanos the longest delay scheduled; a longer one is visited early
	 * @param clock the clock whose readings are scheduled, read once to place the cursor
	 */
	TimingWheel(long tickNanos, long spanNanos, NanoClock clock) {
		this.tickNanos = tickNanos;
		int count = (int) Math.min(1 << 20, spanNanos / tickNanos + 3);
		this.slots = new Slot[count];
		for (int i = 0; i < count; i++) {
			this.slots[i] = new Slot();
		}
		this.cursor = Math.floorDiv(clock.nanoTime(), tickNanos);
	}

	/**
	 * Schedule a visit at the first tick at or after a time, and not before the next one.
	 * @param id the session id
	 * @param dueNanos when the visit is due (a reading of the wheel's clock)
	 */
	void schedule(String id, long dueNanos) {
		long tick = -Math.floorDiv(-dueNanos, this.tickNanos);
		long latest = this.cursor + this.slots.length - 1;
		tick = Math.max(this.cursor + 1, Math.min(latest, tick));
		this.slots[(int) Math.floorMod(tick, (long) this.slots.length)].add(id);
	}

	/**
	 * Move to {@code now} and visit the ids of every tick passed. An id scheduled during
	 * the visits lands at a later tick.
	 * @param now the time (a reading of the wheel's clock)
	 * @param visitor called with each id due
	 */
	void advance(long now, Consumer<String> visitor) {
		long tick = Math.floorDiv(now, this.tickNanos);
		long steps = Math.min(tick - this.cursor, this.slots.length);
		for (long step = 1; step <= steps; step++) {
			this.slots[(int) Math.floorMod(this.cursor + step, (long) this.slots.length)].moveTo(this.due);
		}
		if (tick > this.cursor) {
			this.cursor = tick;
		}
		try {
			for (int i = 0; i < this.due.size; i++) {
				visitor.accept(this.due.ids[i]);
			}
		}
		finally {
			this.due.clear();
		}
	}

	/**
	 * Return how many ids wait.
	 * @return the count
	 */
	int size() {
		int size = 0;
		for (Slot slot : this.slots) {
			size += slot.size;
		}
		return size;
	}

	private static final class Slot {

		private String[] ids = new String[4];

		private int size;

		void add(String id) {
			if (this.size == this.ids.length) {
				this.ids = Arrays.copyOf(this.ids, this.size * 2);
			}
			this.ids[this.size++] = id;
		}

		void moveTo(Slot target) {
			for (int i = 0; i < this.size; i++) {
				target.add(this.ids[i]);
			}
			clear();
		}

		void clear() {
			Arrays.fill(this.ids, 0, this.size, null);
			this.size = 0;
		}

	}

}
