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
