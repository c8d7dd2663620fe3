package dev.lifeline.autoconfigure;

/**
 * Thrown when {@code lifeline.cluster.enabled} is set but Spring Data Redis is not on the
 * classpath.
 *
 * @author Lifeline contributors
 */
public class ClusterRedisMissingException extends RuntimeException {

	ClusterRedisMissingException() {
		super("lifeline.cluster.enabled is true but Spring Data Redis is not on the classpath");
	}

}
