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
		description.append("Lifeline maps one WebSocketHandler at '")
			.append(cause.getPath())
			.append("', but the application defines ")
			.append(cause.getBeanNames().size())
			.append(" and none is marked @Primary:\n");
		cause.getBeanNames().forEach((name) -> description.append("\t- ").append(name).append('\n'));
		String action = "Mark the handler Lifeline should manage with @Primary, or remove the other WebSocketHandler "
				+ "beans (a handler for another path can be a plain object registered by your own "
				+ "WebSocketConfigurer), or set lifeline.enabled=false to map handlers yourself.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

}
