package io.n6k.server;

import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.N6kException;

/**
 * Maps failures that are not {@link N6kException}s to the closed error set.
 *
 * @author n6k
 */
final class Errors {

	private Errors() {
	}

	static N6kException toN6k(Throwable failure) {
		if (failure instanceof N6kException n6k) {
			return n6k;
		}
		if (failure instanceof IllegalArgumentException) {
			return N6kException.invalidInput(String.valueOf(failure.getMessage()));
		}
		if (failure instanceof UnsupportedOperationException) {
			return N6kException.notImplemented(String.valueOf(failure.getMessage()));
		}
		return new N6kException(ExceptionType.IOException,
				failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure);
	}

}
