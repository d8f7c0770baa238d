package io.n6k.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Verifies tokens against a fixed set, for simple setups ({@code n6k.auth.tokens}). Each
 * token names a principal and, optionally, the catalogs it may open. Comparison takes the
 * same time whatever the token.
 *
 * @author n6k
 * @since 0.1.0
 */
public class StaticTokenVerifier implements TokenVerifier {

	private final Map<String, Grant> tokens;

	/**
	 * Create a verifier.
	 * @param tokens principal name to its token and allowed catalogs
	 */
	public StaticTokenVerifier(Map<String, Grant> tokens) {
		this.tokens = new LinkedHashMap<>(tokens);
	}

	@Override
	public Principal verify(String token, String catalog) throws N6kAuthenticationException {
		byte[] presented = token.getBytes(StandardCharsets.UTF_8);
		String match = null;
		for (Map.Entry<String, Grant> entry : this.tokens.entrySet()) {
			byte[] expected = entry.getValue().token().getBytes(StandardCharsets.UTF_8);
			if (MessageDigest.isEqual(presented, expected) && match == null) {
				match = entry.getKey();
			}
		}
		if (match == null) {
			throw new N6kAuthenticationException("unauthorized");
		}
		if (!Objects.requireNonNull(this.tokens.get(match), "matched token").allows(catalog)) {
			throw N6kAuthenticationException.catalogNotAllowed(match);
		}
		return new TokenPrincipal(match);
	}

	/**
	 * Hold a login to the catalogs of the token configured for the same principal name: a
	 * login named {@code alice} may open only what {@code n6k.auth.tokens.alice} may.
	 * Other logins are left to the configuration.
	 */
	@Override
	public @Nullable Principal verifyLogin(Principal login, String catalog) throws N6kAuthenticationException {
		Grant grant = this.tokens.get(login.getName());
		if (grant != null && !grant.allows(catalog)) {
			throw N6kAuthenticationException.catalogNotAllowed(login.getName());
		}
		return null;
	}

	/**
	 * A configured token.
	 *
	 * @param token the secret
	 * @param catalogs catalogs it may open, or {@code null}/empty for all
	 */
	public record Grant(String token, @Nullable Set<String> catalogs) {

		boolean allows(String catalog) {
			return this.catalogs == null || this.catalogs.isEmpty() || this.catalogs.contains(catalog);
		}

		@Override
		public String toString() {
			return "Grant[catalogs=" + this.catalogs + "]";
		}

	}

	/**
	 * The principal of a static token: its configured name, never the token.
	 *
	 * @param name the principal name
	 */
	public record TokenPrincipal(String name) implements Principal {

		@Override
		public String getName() {
			return this.name;
		}

	}

}
