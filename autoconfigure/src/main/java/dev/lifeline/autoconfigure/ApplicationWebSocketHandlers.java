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

import dev.lifeline.server.engine.LifelineWebSocketHandler;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.WebSocketHandler;

/**
 * Finds the application's {@link WebSocketHandler} beans, leaving out the framework's own
 * infrastructure handlers such as STOMP's {@code SubProtocolWebSocketHandler}.
 *
 * @author Lifeline contributors
 */
final class ApplicationWebSocketHandlers {

	private static final String SUB_PROTOCOL_HANDLER = "org.springframework.web.socket.messaging.SubProtocolWebSocketHandler";

	private static final String MESSAGE_BROKER_CONFIGURATION = "org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurationSupport";

	private ApplicationWebSocketHandlers() {
	}

	static List<String> find(ConfigurableListableBeanFactory beanFactory) {
		List<String> handlers = new ArrayList<>();
		for (String name : beanFactory.getBeanNamesForType(WebSocketHandler.class, true, false)) {
			if (!isInfrastructure(beanFactory, name)) {
				handlers.add(name);
			}
		}
		return handlers;
	}

	static String select(ConfigurableListableBeanFactory beanFactory, String path) {
		List<String> handlers = find(beanFactory);
		if (handlers.size() == 1) {
			return handlers.get(0);
		}
		List<String> primary = handlers.stream()
			.filter((name) -> beanFactory.containsBeanDefinition(name)
					&& beanFactory.getMergedBeanDefinition(name).isPrimary())
			.toList();
		if (primary.size() == 1) {
			return primary.get(0);
		}
		throw new MultipleWebSocketHandlersException(path, handlers);
	}

	private static boolean isInfrastructure(ConfigurableListableBeanFactory beanFactory, String name) {
		Class<?> type = beanFactory.getType(name, false);
		if (type != null && (LifelineWebSocketHandler.class.isAssignableFrom(type)
				|| isAssignable(SUB_PROTOCOL_HANDLER, type))) {
			return true;
		}
		if (!beanFactory.containsBeanDefinition(name)) {
			return false;
		}
		BeanDefinition definition = beanFactory.getMergedBeanDefinition(name);
		if (definition.getRole() == BeanDefinition.ROLE_INFRASTRUCTURE) {
			return true;
		}
		String factoryBean = definition.getFactoryBeanName();
		if (factoryBean != null) {
			Class<?> factoryType = beanFactory.getType(factoryBean, false);
			return factoryType != null && isAssignable(MESSAGE_BROKER_CONFIGURATION, factoryType);
		}
		return false;
	}

	private static boolean isAssignable(String className, Class<?> type) {
		ClassLoader classLoader = type.getClassLoader();
		if (!ClassUtils.isPresent(className, classLoader)) {
			return false;
		}
		return ClassUtils.resolveClassName(className, classLoader).isAssignableFrom(type);
	}

}
