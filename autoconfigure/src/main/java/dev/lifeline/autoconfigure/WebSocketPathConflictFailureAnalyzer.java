package dev.lifeline.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link WebSocketPathConflictException}.
 *
 * @author Lifeline contributors
 */
class WebSocketPathConflictFailureAnalyzer extends AbstractFailureAnalyzer<WebSocketPathConflictException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WebSocketPathConflictException cause) {
		StringBuilder description = new StringBuilder();
		description.append("The WebSocket path '")
			.append(cause.getPath())
			.append("' has more than one upgrade path. Lifeline manages it, and it is also mapped by:\n");
		cause.getRegistrations()
			.forEach((registration) -> description.append("\t- ").append(registration).append('\n'));
		description.append("Two components answering one upgrade interleave frames and corrupt the connection.");
		String action = "Remove the other registration for '" + cause.getPath()
				+ "' (Lifeline already maps your WebSocketHandler there; no WebSocketConfigurer or @EnableWebSocket "
				+ "is needed), or move Lifeline with lifeline.path, or set lifeline.enabled=false.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

}
