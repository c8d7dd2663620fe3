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
