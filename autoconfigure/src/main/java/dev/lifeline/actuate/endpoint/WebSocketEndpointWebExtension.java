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

package dev.lifeline.actuate.endpoint;

import dev.lifeline.actuate.endpoint.WebSocketEndpoint.SessionDescriptor;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} for the {@link WebSocketEndpoint}
 * that answers {@code 404} to a {@code DELETE} of an unknown session, where a plain
 * delete operation would answer {@code 204}.
 *
 * @author Lifeline contributors
 */
@EndpointWebExtension(endpoint = WebSocketEndpoint.class)
public class WebSocketEndpointWebExtension {

	private final WebSocketEndpoint delegate;

	/**
	 * Create a new extension.
	 * @param delegate the endpoint
	 */
	public WebSocketEndpointWebExtension(WebSocketEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Close one live session with {@code 1008}.
	 * @param id the session id
	 * @param securityContext the security context of the caller
	 * @return the session as it was when closed, or a {@code 404} response
	 * @see WebSocketEndpoint#close(String, SecurityContext)
	 */
	@DeleteOperation
	public WebEndpointResponse<SessionDescriptor> close(@Selector String id, SecurityContext securityContext) {
		SessionDescriptor closed = this.delegate.close(id, securityContext);
		return (closed != null) ? new WebEndpointResponse<>(closed)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
