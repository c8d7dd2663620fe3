package dev.lifeline.server.engine;

/**
 * A source of {@link System#nanoTime()}-like readings for the heartbeat and its timing
 * wheel, so that a unit test can move time by hand instead of sleeping.
 *
 * @author Lifeline contributors
 */
@FunctionalInterface
interface NanoClock {

	/**
	 * The system's monotonic clock, {@link System#nanoTime()}.
	 */
	NanoClock SYSTEM = System::nanoTime;

	/**
	 * Return the current reading, in nanoseconds; only differences between two readings
	 * are meaningful.
	 * @return the current reading
	 */
	long nanoTime();

}
