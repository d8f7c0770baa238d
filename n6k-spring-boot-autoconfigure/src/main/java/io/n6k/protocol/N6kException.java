package io.n6k.protocol;

/**
 * A request failure that reaches the client as an {@code ERR} frame with a type from the
 * closed set and an exact message.
 *
 * @author n6k
 * @since 0.1.0
 */
public class N6kException extends RuntimeException {

	private final ExceptionType type;

	public N6kException(ExceptionType type, String message) {
		super(message, null, false, false);
		this.type = type;
	}

	public N6kException(ExceptionType type, String message, Throwable cause) {
		super(message, cause, false, false);
		this.type = type;
	}

	/**
	 * Return the wire exception type.
	 * @return the type
	 */
	public ExceptionType type() {
		return this.type;
	}

	public static N6kException invalidInput(String message) {
		return new N6kException(ExceptionType.InvalidInputException, message);
	}

	public static N6kException catalog(String message) {
		return new N6kException(ExceptionType.CatalogException, message);
	}

	public static N6kException permission(String message) {
		return new N6kException(ExceptionType.PermissionException, message);
	}

	public static N6kException notImplemented(String message) {
		return new N6kException(ExceptionType.NotImplementedException, message);
	}

}
