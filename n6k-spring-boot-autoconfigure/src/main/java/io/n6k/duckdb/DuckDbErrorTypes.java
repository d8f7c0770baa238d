package io.n6k.duckdb;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.n6k.protocol.ExceptionType;

import static io.n6k.protocol.ExceptionType.BinderException;
import static io.n6k.protocol.ExceptionType.CatalogException;
import static io.n6k.protocol.ExceptionType.ConnectionException;
import static io.n6k.protocol.ExceptionType.ConstraintException;
import static io.n6k.protocol.ExceptionType.ConversionException;
import static io.n6k.protocol.ExceptionType.DependencyException;
import static io.n6k.protocol.ExceptionType.FatalException;
import static io.n6k.protocol.ExceptionType.HTTPException;
import static io.n6k.protocol.ExceptionType.IOException;
import static io.n6k.protocol.ExceptionType.InternalException;
import static io.n6k.protocol.ExceptionType.InterruptException;
import static io.n6k.protocol.ExceptionType.InvalidInputException;
import static io.n6k.protocol.ExceptionType.InvalidTypeException;
import static io.n6k.protocol.ExceptionType.NotImplementedException;
import static io.n6k.protocol.ExceptionType.OutOfMemoryException;
import static io.n6k.protocol.ExceptionType.OutOfRangeException;
import static io.n6k.protocol.ExceptionType.ParserException;
import static io.n6k.protocol.ExceptionType.PermissionException;
import static io.n6k.protocol.ExceptionType.SequenceException;
import static io.n6k.protocol.ExceptionType.SerializationException;
import static io.n6k.protocol.ExceptionType.SyntaxException;
import static io.n6k.protocol.ExceptionType.TransactionException;
import static io.n6k.protocol.ExceptionType.TypeMismatchException;

/**
 * Maps DuckDB's error names to the protocol's closed set of exception types (protocol
 * §8.2); anything DuckDB names that the set does not know is an {@code IOException}.
 *
 * @author n6k
 */
final class DuckDbErrorTypes {

	/** DuckDB's display names: the text before {@code " Error: "}. */
	private static final Map<String, ExceptionType> BY_DISPLAY_NAME = Map.ofEntries(
			Map.entry("Binder", BinderException), Map.entry("Catalog", CatalogException),
			Map.entry("Connection", ConnectionException), Map.entry("Constraint", ConstraintException),
			Map.entry("Conversion", ConversionException), Map.entry("Dependency", DependencyException),
			Map.entry("FATAL", FatalException), Map.entry("HTTP", HTTPException),
			Map.entry("INTERNAL", InternalException), Map.entry("INTERRUPT", InterruptException),
			Map.entry("Invalid Input", InvalidInputException), Map.entry("IO", IOException),
			Map.entry("Not implemented", NotImplementedException), Map.entry("Out of Memory", OutOfMemoryException),
			Map.entry("Out of Range", OutOfRangeException), Map.entry("Parser", ParserException),
			Map.entry("Permission", PermissionException), Map.entry("Sequence", SequenceException),
			Map.entry("Serialization", SerializationException), Map.entry("Syntax", SyntaxException),
			Map.entry("TransactionContext", TransactionException), Map.entry("Mismatch Type", TypeMismatchException),
			Map.entry("Invalid type", InvalidTypeException));

	/** The same names lower-cased, as DuckDB reports them in JSON errors. */
	private static final Map<String, ExceptionType> BY_ERROR_TYPE = lowerCased();

	private DuckDbErrorTypes() {
	}

	private static Map<String, ExceptionType> lowerCased() {
		Map<String, ExceptionType> map = new HashMap<>();
		BY_DISPLAY_NAME.forEach((name, type) -> map.put(name.toLowerCase(Locale.ROOT), type));
		return Map.copyOf(map);
	}

	/**
	 * Map the lower-cased name DuckDB reports in JSON errors (for example
	 * {@code "invalid input"}).
	 * @param errorType the {@code error_type} of a DuckDB JSON error
	 * @return the exception type
	 */
	static ExceptionType forErrorType(String errorType) {
		return BY_ERROR_TYPE.getOrDefault(errorType.toLowerCase(Locale.ROOT), IOException);
	}

	/**
	 * Map a display name, matched case-sensitively.
	 * @param displayName DuckDB's display name
	 * @return the exception type
	 */
	static ExceptionType forDisplayName(String displayName) {
		return BY_DISPLAY_NAME.getOrDefault(displayName, IOException);
	}

}
