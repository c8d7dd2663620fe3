package dev.lifeline.server.engine;

import java.time.Instant;

/**
 * Converts {@link System#nanoTime()} readings, which Lifeline uses for all durations,
 * into wall-clock instants for display.
 *
 * @author Lifeline contributors
 */
final class Clocks {

	private static final long BASE_NANOS = System.nanoTime();

	private static final long BASE_EPOCH_MILLIS = System.currentTimeMillis();

	private Clocks() {
	}

	static Instant toInstant(long nanos) {
		long elapsedNanos = nanos - BASE_NANOS;
		return Instant.ofEpochMilli(BASE_EPOCH_MILLIS).plusNanos(elapsedNanos);
	}

}
