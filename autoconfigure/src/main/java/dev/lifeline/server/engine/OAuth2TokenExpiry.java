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

package dev.lifeline.server.engine;

import java.security.Principal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * Reads when the token of a Spring Security OAuth 2.0 authentication, such as a
 * {@code JwtAuthenticationToken}, expires. Loaded only when Spring Security's resource
 * server support is present.
 *
 * @author Lifeline contributors
 */
final class OAuth2TokenExpiry {

	static final String TOKEN_CLASS = "org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken";

	private OAuth2TokenExpiry() {
	}

	static @Nullable Instant expiresAt(Principal principal) {
		if (principal instanceof AbstractOAuth2TokenAuthenticationToken<?> authentication) {
			return authentication.getToken().getExpiresAt();
		}
		return null;
	}

}
