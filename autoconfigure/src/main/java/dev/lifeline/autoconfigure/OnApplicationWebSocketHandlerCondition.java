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

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application defines at least one {@code WebSocketHandler} bean of its
 * own (framework infrastructure handlers do not count), or a STOMP message broker whose
 * endpoints Lifeline manages.
 *
 * @author Lifeline contributors
 */
class OnApplicationWebSocketHandlerCondition extends SpringBootCondition implements ConfigurationCondition {

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Application WebSocketHandler");
		if (context.getBeanFactory() == null) {
			return ConditionOutcome.noMatch(message.because("no bean factory"));
		}
		List<String> handlers = ApplicationWebSocketHandlers.find(context.getBeanFactory());
		if (handlers.isEmpty() && StompBroker.isManaged(context.getBeanFactory(), context.getEnvironment())) {
			return ConditionOutcome.match(message.because("found a STOMP message broker configuration"));
		}
		if (handlers.isEmpty()) {
			return ConditionOutcome.noMatch(message.didNotFind("application WebSocketHandler bean").atAll());
		}
		return ConditionOutcome.match(message.found("bean", "beans").items(handlers));
	}

}
