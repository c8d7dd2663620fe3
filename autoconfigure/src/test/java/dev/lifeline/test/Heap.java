package dev.lifeline.test;

/**
 * Reads the heap in use, after asking for garbage collections, for tests that check that
 * memory returns to its baseline.
 */
public final class Heap {

	private Heap() {
	}

	public static long usedAfterGc() {
		Runtime runtime = Runtime.getRuntime();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

}
