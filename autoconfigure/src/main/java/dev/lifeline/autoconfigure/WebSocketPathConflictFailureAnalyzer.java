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
			.append("' has more than one upgrade path. It is mapped by:\n");
		cause.getRegistrations()
			.forEach((registration) -> description.append("\t- ").append(registration).append('\n'));
		description.append("Two components answering one upgrade interleave frames and corrupt the connection.");
		String action = "Give each WebSocketHandler its own path: remove the other registration for '" + cause.getPath()
				+ "' (Lifeline maps your WebSocketHandler beans itself; no WebSocketConfigurer or "
				+ "@EnableWebSocket is needed), or move a Lifeline endpoint with lifeline.endpoints.<handler-bean-name>"
				+ ".path (lifeline.path for the only one), or set lifeline.enabled=false.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

}
