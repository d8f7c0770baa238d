package io.n6k.access;

/**
 * A rejected token. The message is the reason sent to the client (close reason or
 * HELLO_ERR message); it must never contain the token.
 *
 * @author n6k
 * @since 0.1.0
 */
public class N6kAuthenticationException extends Exception {

	public N6kAuthenticationException(String reason) {
		super(reason, null, false, false);
	}

}
