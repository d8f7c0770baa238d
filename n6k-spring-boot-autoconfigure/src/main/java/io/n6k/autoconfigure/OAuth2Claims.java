package io.n6k.autoconfigure;

import java.security.Principal;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * Reads the claims of a Spring Security principal authenticated by a token: a JWT
 * ({@code JwtAuthenticationToken}, whose principal is the {@code Jwt}) or an opaque token
 * ({@code BearerTokenAuthentication}). Only loaded when Spring Security's OAuth2 classes
 * are present.
 *
 * @author n6k
 */
final class OAuth2Claims {

	private OAuth2Claims() {
	}

	static Map<String, Object> of(Principal principal) {
		if (principal instanceof Authentication authentication) {
			Object inner = authentication.getPrincipal();
			if (inner instanceof ClaimAccessor claims) {
				return claims.getClaims();
			}
			if (inner instanceof OAuth2AuthenticatedPrincipal oauth2) {
				return oauth2.getAttributes();
			}
		}
		return Map.of();
	}

}
