package io.n6k.access;

import org.jspecify.annotations.Nullable;

/**
 * A rejected token or login. The message is the reason sent to the client (close reason
 * or HELLO_ERR message); it must never contain the token.
 *
 * @author n6k
 * @since 0.1.0
 */
public class N6kAuthenticationException extends Exception {

	private final @Nullable String principal;

	public N6kAuthenticationException(String reason) {
		this(reason, null);
	}

	private N6kAuthenticationException(String reason, @Nullable String principal) {
		super(reason, null, false, false);
		this.principal = principal;
	}

	/**
	 * The refusal of a valid credential whose principal may not open the catalog. The
	 * client is told {@code unauthorized}, as for a bad token; the audit log names the
	 * principal.
	 * @param principal the name of the principal
	 * @return the exception
	 */
	public static N6kAuthenticationException catalogNotAllowed(String principal) {
		return new N6kAuthenticationException("unauthorized", principal);
	}

	/**
	 * Return the principal that was refused the catalog, when the credential itself was
	 * valid.
	 * @return the principal name, or {@code null} when the credential was refused
	 */
	public @Nullable String principal() {
		return this.principal;
	}

}
