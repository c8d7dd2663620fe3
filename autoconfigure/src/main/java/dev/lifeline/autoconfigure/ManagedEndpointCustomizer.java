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

/**
 * Callback interface that can be implemented by beans wishing to customize the handshake
 * of Lifeline's managed endpoints: add {@code HandshakeInterceptor}s, or set the
 * {@code HandshakeHandler} that performs the upgrade and decides the session's principal.
 * Customizers are applied to every endpoint, in order; one that concerns a single
 * endpoint checks {@link ManagedEndpointRegistration#getName()}.
 *
 * @author Lifeline contributors
 * @see ManagedEndpointRegistration
 */
@FunctionalInterface
public interface ManagedEndpointCustomizer {

	/**
	 * Customize the registration of a managed endpoint.
	 * @param registration the registration to customize
	 */
	void customize(ManagedEndpointRegistration registration);

}
