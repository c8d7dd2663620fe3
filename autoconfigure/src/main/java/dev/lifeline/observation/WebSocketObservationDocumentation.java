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

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * Documented observations of Lifeline's managed WebSocket endpoint and their
 * low-cardinality keys. There are no high-cardinality keys: a connection is followed
 * through its trace, since message observations are children of its handshake's.
 *
 * @author Lifeline contributors
 */
public enum WebSocketObservationDocumentation implements ObservationDocumentation {

	/**
	 * A WebSocket handshake on the managed path, accepted or refused. It continues the
	 * trace of the HTTP upgrade request.
	 */
	HANDSHAKE {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultWebSocketHandshakeObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeyNames.ENDPOINT, LowCardinalityKeyNames.OUTCOME };
		}

	},

	/**
	 * An inbound data message handed to the application's handler, when
	 * {@code lifeline.observations.messages} is set. A child of the session's handshake
	 * observation.
	 */
	MESSAGE {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultWebSocketMessageObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeyNames.ENDPOINT, LowCardinalityKeyNames.MESSAGE_TYPE,
					LowCardinalityKeyNames.OUTCOME, LowCardinalityKeyNames.CLOSE_CAUSE };
		}

	};

	/**
	 * Low-cardinality keys of the WebSocket observations.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The managed path the session was opened on, such as {@code /ws}.
		 */
		ENDPOINT {
			@Override
			public String asString() {
				return "websocket.endpoint";
			}
		},

		/**
		 * Of a handshake: {@code SUCCESS}, the rejection reason of a refused handshake
		 * ({@code ORIGIN}, {@code INVALID_HANDSHAKE}, {@code CAPACITY}, {@code SHUTDOWN},
		 * as in {@code websocket.handshakes.rejected}), {@code REJECTED} for other
		 * refusals, or {@code ERROR}. Of a message: {@code SUCCESS} or {@code ERROR} when
		 * the handler threw.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/**
		 * The type of the message: {@code text} or {@code binary}, as in
		 * {@code websocket.messages.received}.
		 */
		MESSAGE_TYPE {
			@Override
			public String asString() {
				return "websocket.message.type";
			}
		},

		/**
		 * The cause Lifeline closed the session with because of this message, such as
		 * {@code SERVER_ERROR} when the handler threw, or {@code NONE}.
		 */
		CLOSE_CAUSE {
			@Override
			public String asString() {
				return "websocket.close.cause";
			}
		}

	}

}
