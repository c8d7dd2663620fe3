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

import dev.lifeline.server.RejectionReason;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;

/**
 * Context of a {@link WebSocketObservationDocumentation#HANDSHAKE handshake} observation.
 *
 * @author Lifeline contributors
 */
public class WebSocketHandshakeObservationContext extends Observation.Context {

	private final ServerHttpRequest request;

	private final String endpoint;

	private int status;

	private @Nullable RejectionReason rejectionReason;

	/**
	 * Create a new context.
	 * @param request the upgrade request
	 * @param endpoint the managed path
	 */
	public WebSocketHandshakeObservationContext(ServerHttpRequest request, String endpoint) {
		this.request = request;
		this.endpoint = endpoint;
	}

	/**
	 * Return the upgrade request.
	 * @return the request
	 */
	public ServerHttpRequest getRequest() {
		return this.request;
	}

	/**
	 * Return the managed path the handshake arrived on.
	 * @return the path
	 */
	public String getEndpoint() {
		return this.endpoint;
	}

	/**
	 * Return the HTTP status of the handshake's response, {@code 101} when the upgrade
	 * was accepted.
	 * @return the status, or {@code 0} when unknown
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Set the HTTP status of the handshake's response.
	 * @param status the status
	 */
	public void setStatus(int status) {
		this.status = status;
	}

	/**
	 * Return why Lifeline refused the handshake.
	 * @return the reason, or {@code null} when it did not
	 */
	public @Nullable RejectionReason getRejectionReason() {
		return this.rejectionReason;
	}

	/**
	 * Set why Lifeline refused the handshake.
	 * @param rejectionReason the reason
	 */
	public void setRejectionReason(@Nullable RejectionReason rejectionReason) {
		this.rejectionReason = rejectionReason;
	}

}
