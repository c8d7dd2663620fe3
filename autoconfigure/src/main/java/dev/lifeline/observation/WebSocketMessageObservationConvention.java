package dev.lifeline.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} for inbound WebSocket messages handed to the
 * application's handler. Declare a bean of this type to replace
 * {@link DefaultWebSocketMessageObservationConvention}.
 *
 * @author Lifeline contributors
 */
public interface WebSocketMessageObservationConvention
		extends ObservationConvention<WebSocketMessageObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof WebSocketMessageObservationContext;
	}

}
