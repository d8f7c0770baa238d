package io.n6k.access;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

/**
 * Checks a client's token for a catalog. Used for the {@code Authorization: Bearer}
 * header, the {@code ?token=} parameter and the HELLO token, in that order of precedence.
 * Declare a bean of this type to plug in your own identity provider.
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

	/**
	 * Decide what a login the web application authenticated on the upgrade request (a
	 * Spring Security principal, for example) means for a catalog. Called for each
	 * catalog a session opens on, when the upgrade request carries such a login and
	 * either {@code n6k.auth.servlet-principal} is on or no n6k token came with the
	 * upgrade request.
	 * <p>
	 * Return a principal to accept the login as that n6k principal; throw to refuse the
	 * catalog; return {@code null} to leave the decision to the configuration: with
	 * {@code n6k.auth.servlet-principal} the login is then accepted for the catalog,
	 * without it the login is ignored and the client needs an n6k token. The default
	 * returns {@code null}.
	 * @param login the principal the web application authenticated
	 * @param catalog the catalog the client asks for
	 * @return the n6k principal, or {@code null} for no decision
	 * @throws N6kAuthenticationException with the reason sent to the client
	 */
	default @Nullable Principal verifyLogin(Principal login, String catalog) throws N6kAuthenticationException {
		return null;
	}

}
