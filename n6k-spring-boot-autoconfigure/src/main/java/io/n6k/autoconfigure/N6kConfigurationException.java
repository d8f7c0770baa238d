package io.n6k.autoconfigure;

/**
 * A configuration of the n6k server that cannot work, reported at startup with what to
 * fix ({@link N6kConfigurationFailureAnalyzer}).
 *
 * @author n6k
 * @since 0.1.0
 */
public class N6kConfigurationException extends RuntimeException {

	private final String action;

	public N6kConfigurationException(String message, String action) {
		super(message);
		this.action = action;
	}

	public N6kConfigurationException(String message, String action, Throwable cause) {
		super(message, cause);
		this.action = action;
	}

	/**
	 * Return what the user should do.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
