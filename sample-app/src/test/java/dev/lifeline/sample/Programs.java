package dev.lifeline.sample;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * What the sample's tests do when a program they run is not installed.
 */
final class Programs {

	private Programs() {
	}

	/**
	 * Skip the calling test, with a message that says what to install, when a program it
	 * needs is missing; fail it instead when the environment variable {@code CI} is
	 * {@code true}, as CI services set it, so that a failed install cannot turn a test
	 * into a silent skip there.
	 * @param installed whether the program is installed
	 * @param message what is missing and how to install it
	 */
	static void assumeInstalled(boolean installed, String message) {
		if (installed) {
			return;
		}
		if (Boolean.parseBoolean(System.getenv("CI"))) {
			fail(message + " (CI=true: a test that needs it fails instead of being skipped)");
		}
		Assumptions.abort("Skipped: " + message);
	}

}
