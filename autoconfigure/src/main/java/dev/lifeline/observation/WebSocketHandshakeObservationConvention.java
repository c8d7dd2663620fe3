package dev.lifeline.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} for WebSocket handshakes on the managed path. Declare a
 * bean of this type to replace {@link DefaultWebSocketHandshakeObservationConvention}.
 *
 * @author Lifeline contributors
 */
public interface WebSocketHandshakeObservationConvention
		extends ObservationConvention<WebSocketHandshakeObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof WebSocketHandshakeObservationContext;
	}

}
