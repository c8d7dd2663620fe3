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
import dev.lifeline.server.RejectionReason;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.http.HttpStatus;

/**
 * Default {@link WebSocketHandshakeObservationConvention}: observation
 * {@code websocket.handshake} with the endpoint and the outcome.
 *
 * @author Lifeline contributors
 */
public class DefaultWebSocketHandshakeObservationConvention implements WebSocketHandshakeObservationConvention {

	private static final String NAME = "websocket.handshake";

	private static final KeyValue OUTCOME_SUCCESS = KeyValue.of(LowCardinalityKeyNames.OUTCOME, "SUCCESS");

	private static final KeyValue OUTCOME_REJECTED = KeyValue.of(LowCardinalityKeyNames.OUTCOME, "REJECTED");

	private static final KeyValue OUTCOME_ERROR = KeyValue.of(LowCardinalityKeyNames.OUTCOME, "ERROR");

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(WebSocketHandshakeObservationContext context) {
		return "websocket handshake";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(WebSocketHandshakeObservationContext context) {
		return KeyValues.of(endpoint(context), outcome(context));
	}

	protected KeyValue endpoint(WebSocketHandshakeObservationContext context) {
		return KeyValue.of(LowCardinalityKeyNames.ENDPOINT, context.getEndpoint());
	}

	protected KeyValue outcome(WebSocketHandshakeObservationContext context) {
		RejectionReason reason = context.getRejectionReason();
		if (reason != null) {
			return KeyValue.of(LowCardinalityKeyNames.OUTCOME, reason.name());
		}
		if (context.getError() != null) {
			return OUTCOME_ERROR;
		}
		return (context.getStatus() == HttpStatus.SWITCHING_PROTOCOLS.value()) ? OUTCOME_SUCCESS : OUTCOME_REJECTED;
	}

}
