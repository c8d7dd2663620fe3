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

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Condition of {@link LifelineClusterAutoConfiguration}: matches when Spring Data Redis,
 * which the cluster support runs on, is on the classpath, and stops startup with a
 * {@link ClusterRedisMissingException} when it is not. The cluster support was asked for
 * explicitly, so quietly running as a single instance would hide the mistake until
 * messages went missing; {@link ClusterRedisMissingFailureAnalyzer} turns the exception
 * into a report that says which dependency to add.
 *
 * @author Lifeline contributors
 */
class OnSpringDataRedisCondition extends SpringBootCondition implements ConfigurationCondition {

	private static final String REDIS_CONNECTION_FACTORY = "org.springframework.data.redis.connection.RedisConnectionFactory";

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		if (!ClassUtils.isPresent(REDIS_CONNECTION_FACTORY, context.getClassLoader())) {
			throw new ClusterRedisMissingException();
		}
		return ConditionOutcome.match("Spring Data Redis is on the classpath");
	}

}
