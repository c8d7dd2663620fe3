package dev.lifeline.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ClusterRedisMissingException}.
 *
 * @author Lifeline contributors
 */
class ClusterRedisMissingFailureAnalyzer extends AbstractFailureAnalyzer<ClusterRedisMissingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ClusterRedisMissingException cause) {
		String description = "Lifeline's cluster support is enabled (lifeline.cluster.enabled=true), but Spring Data "
				+ "Redis, which it runs on, is not on the classpath.";
		String action = "Add the org.springframework.boot:spring-boot-starter-data-redis dependency and point "
				+ "spring.data.redis.* at the Redis the instances share, or set lifeline.cluster.enabled=false "
				+ "to run a single instance.";
		return new FailureAnalysis(description, action, cause);
	}

}
