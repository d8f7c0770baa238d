package io.n6k.autoconfigure;

import org.springframework.validation.ObjectError;

/**
 * A mistake in {@code n6k.*} found while binding, with what to do about it.
 *
 * @author n6k
 */
final class N6kPropertyError extends ObjectError {

	private final String action;

	N6kPropertyError(String objectName, String message, String action) {
		super(objectName, message);
		this.action = action;
	}

	String getAction() {
		return this.action;
	}

}
