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

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.MessageObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketMessage;

/**
 * Observes the application's handling of inbound messages as
 * {@link WebSocketObservationDocumentation#MESSAGE}, each a child of its session's
 * handshake observation and current while the handler runs, so that what the handler
 * observes in turn joins the connection's trace.
 *
 * @author Lifeline contributors
 */
public class MessageObservations implements MessageObserver {

	private static final DefaultWebSocketMessageObservationConvention DEFAULT_CONVENTION = new DefaultWebSocketMessageObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable WebSocketMessageObservationConvention convention;

	private final String endpoint;

	/**
	 * Create a new instance.
	 * @param registry the registry to observe through
	 * @param convention the convention, or {@code null} for the default
	 * @param endpoint the managed path
	 */
	public MessageObservations(ObservationRegistry registry, @Nullable WebSocketMessageObservationConvention convention,
			String endpoint) {
		this.registry = registry;
		this.convention = convention;
		this.endpoint = endpoint;
	}

	/**
	 * Hand a message to the application's handler under an observation. A handler that
	 * throws gets its session closed with {@link CloseCause#SERVER_ERROR}, which the
	 * observation records.
	 * @param session the session the message arrived on
	 * @param handshake the observation of the session's handshake, the parent of this
	 * one, or {@code null}
	 * @param message the message
	 * @param handler what hands the message to the application's handler
	 * @throws Exception what the handler threw
	 */
	@Override
	public void observe(LifelineSession session, @Nullable Object handshake, WebSocketMessage<?> message,
			Handling handler) throws Exception {
		WebSocketMessageObservationContext context = new WebSocketMessageObservationContext(session, message,
				this.endpoint);
		Observation observation = WebSocketObservationDocumentation.MESSAGE.observation(this.convention,
				DEFAULT_CONVENTION, () -> context, this.registry);
		if (handshake instanceof Observation parent) {
			observation.parentObservation(parent);
		}
		observation.start();
		try (Observation.Scope scope = observation.openScope()) {
			handler.handle();
		}
		catch (Exception ex) {
			context.setCloseCause(CloseCause.SERVER_ERROR);
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

}
