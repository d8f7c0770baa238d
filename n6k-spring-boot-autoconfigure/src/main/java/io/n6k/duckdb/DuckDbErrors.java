package io.n6k.duckdb;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.N6kException;

/**
 * Turns DuckDB's errors into the closed error set: the type from DuckDB's display name
 * (the text before {@code " Error: "}), the message without that prefix (protocol §8.2).
 *
 * @author n6k
 */
final class DuckDbErrors {

	private static final Pattern DISPLAY = Pattern.compile("^([A-Za-z][A-Za-z ]*?) Error: ", Pattern.DOTALL);

	private static final Pattern C_DATA = Pattern.compile("CDataJniException\\{errno=-?\\d+, message=(.*)}\\s*$",
			Pattern.DOTALL);

	private DuckDbErrors() {
	}

	/**
	 * Translate any failure raised while DuckDB worked on a request.
	 * @param failure the failure
	 * @return the wire error
	 */
	public static N6kException translate(Throwable failure) {
		if (failure instanceof N6kException n6k) {
			return n6k;
		}
		String message = (failure.getMessage() != null) ? failure.getMessage() : "";
		Matcher cData = C_DATA.matcher(message);
		if (cData.find()) {
			message = cData.group(1);
		}
		else if (!(failure instanceof SQLException) && failure.getCause() instanceof SQLException cause) {
			return translate(cause);
		}
		Matcher display = DISPLAY.matcher(message);
		if (display.find()) {
			return new N6kException(DuckDbErrorTypes.forDisplayName(display.group(1)), message.substring(display.end()),
					failure);
		}
		return new N6kException(ExceptionType.IOException,
				(failure instanceof SQLException) ? message : failure.getClass().getSimpleName() + ": " + message,
				failure);
	}

}
