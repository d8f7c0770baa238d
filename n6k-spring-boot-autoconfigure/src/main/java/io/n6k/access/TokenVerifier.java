package io.n6k.access;

import java.security.Principal;

/**
 * Checks a client's token for a catalog. Used for the {@code Authorization: Bearer}
 * header, the {@code ?token=} parameter and the HELLO token, in that order of
 * precedence. Declare a bean of this type to plug in your own identity provider.
 *
 * @author n6k
 * @since 0.1.0
 */
@FunctionalInterface
public interface TokenVerifier {

	/**
	 * Verify a token.
	 * @param token the token as the client sent it
	 * @param catalog the catalog the client asks for
	 * @return the authenticated principal
	 * @throws N6kAuthenticationException with the reason sent to the client
	 */
	Principal verify(String token, String catalog) throws N6kAuthenticationException;

}
