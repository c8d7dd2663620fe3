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
