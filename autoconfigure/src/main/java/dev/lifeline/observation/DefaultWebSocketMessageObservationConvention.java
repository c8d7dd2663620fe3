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

package dev.lifeline.observation;

import dev.lifeline.observation.WebSocketObservationDocumentation.LowCardinalityKeyNames;
import dev.lifeline.server.CloseCause;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Default {@link WebSocketMessageObservationConvention}: observation
 * {@code websocket.message} with the endpoint, the message type, the outcome and the
 * close cause.
 *
 * @author Lifeline contributors
 */
public class DefaultWebSocketMessageObservationConvention implements WebSocketMessageObservationConvention {

	private static final String NAME = "websocket.message";

	private static final KeyValue OUTCOME_SUCCESS = KeyValue.of(LowCardinalityKeyNames.OUTCOME, "SUCCESS");

	private static final KeyValue OUTCOME_ERROR = KeyValue.of(LowCardinalityKeyNames.OUTCOME, "ERROR");

	private static final KeyValue CLOSE_CAUSE_NONE = KeyValue.of(LowCardinalityKeyNames.CLOSE_CAUSE, "NONE");

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(WebSocketMessageObservationContext context) {
		return "websocket " + type(context.getMessage()) + " message";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(WebSocketMessageObservationContext context) {
		return KeyValues.of(endpoint(context), messageType(context), outcome(context), closeCause(context));
	}

	protected KeyValue endpoint(WebSocketMessageObservationContext context) {
		return KeyValue.of(LowCardinalityKeyNames.ENDPOINT, context.getEndpoint());
	}

	protected KeyValue messageType(WebSocketMessageObservationContext context) {
		return KeyValue.of(LowCardinalityKeyNames.MESSAGE_TYPE, type(context.getMessage()));
	}

	protected KeyValue outcome(WebSocketMessageObservationContext context) {
		return (context.getError() != null) ? OUTCOME_ERROR : OUTCOME_SUCCESS;
	}

	protected KeyValue closeCause(WebSocketMessageObservationContext context) {
		CloseCause cause = context.getCloseCause();
		return (cause != null) ? KeyValue.of(LowCardinalityKeyNames.CLOSE_CAUSE, cause.name()) : CLOSE_CAUSE_NONE;
	}

	private static String type(WebSocketMessage<?> message) {
		if (message instanceof TextMessage) {
			return "text";
		}
		if (message instanceof BinaryMessage) {
			return "binary";
		}
		return "other";
	}

}
