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
 * Explains a {@link MultipleWebSocketHandlersException}.
 *
 * @author Lifeline contributors
 */
class MultipleWebSocketHandlersFailureAnalyzer extends AbstractFailureAnalyzer<MultipleWebSocketHandlersException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MultipleWebSocketHandlersException cause) {
		StringBuilder description = new StringBuilder();
		description.append("The application defines ")
			.append(cause.getBeanNames().size())
			.append(" WebSocketHandler beans and no lifeline.endpoints, so Lifeline cannot tell their paths; ")
			.append("it would map one of them at '")
			.append(cause.getPath())
			.append("', and none is marked @Primary:\n");
		cause.getBeanNames().forEach((name) -> description.append("\t- ").append(name).append('\n'));
		StringBuilder action = new StringBuilder();
		action.append("Give each handler its own path, by bean name, in application.yml:\n\n")
			.append("\tlifeline:\n")
			.append("\t  endpoints:\n");
		for (String name : cause.getBeanNames()) {
			action.append("\t    ").append(name).append(":\n");
			action.append("\t      path: /").append(suggestedPath(name)).append('\n');
		}
		action.append("\nor mark the one handler Lifeline should map at '")
			.append(cause.getPath())
			.append("' with @Primary, or set lifeline.enabled=false to map handlers yourself.");
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	private static String suggestedPath(String beanName) {
		String name = beanName.endsWith("Handler") ? beanName.substring(0, beanName.length() - "Handler".length())
				: beanName;
		return name.isEmpty() ? beanName : name;
	}

}
