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

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Whether the application has a STOMP message broker
 * ({@code @EnableWebSocketMessageBroker} or a
 * {@code WebSocketMessageBrokerConfigurationSupport} of its own) whose endpoints Lifeline
 * manages: then Lifeline's core runs even without a {@code WebSocketHandler} of the
 * application's.
 *
 * @author Lifeline contributors
 */
final class StompBroker {

	static final String ENABLED_PROPERTY = "lifeline.stomp.enabled";

	private static final String BROKER_CONFIGURATION = "org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurationSupport";

	private StompBroker() {
	}

	/**
	 * Return whether the bean factory holds a STOMP broker configuration and
	 * {@code lifeline.stomp.enabled} is not {@code false}.
	 * @param beanFactory the bean factory
	 * @param environment the environment
	 * @return whether Lifeline manages STOMP endpoints
	 */
	static boolean isManaged(ConfigurableListableBeanFactory beanFactory, Environment environment) {
		if (!environment.getProperty(ENABLED_PROPERTY, Boolean.class, true)) {
			return false;
		}
		ClassLoader classLoader = beanFactory.getBeanClassLoader();
		if (!ClassUtils.isPresent(BROKER_CONFIGURATION, classLoader)) {
			return false;
		}
		Class<?> type = ClassUtils.resolveClassName(BROKER_CONFIGURATION, classLoader);
		return beanFactory.getBeanNamesForType(type, true, false).length > 0;
	}

}
