package io.n6k.protocol;

import java.util.Map;

/**
 * The closed set of {@code exception_type} values a server may send.
 *
 * @author n6k
 * @since 0.1.0
 */
public enum ExceptionType {

	BinderException, ConstraintException, ConversionException, DependencyException, InvalidInputException,
	InvalidTypeException, OutOfRangeException, ParserException, SyntaxException, TypeMismatchException,
	CatalogException, NotImplementedException, ConnectionException, FatalException, HTTPException, InternalException,
	InterruptException, IOException, OutOfMemoryException, PermissionException, SequenceException,
	SerializationException, TransactionException;

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

	private static final Map<String, ExceptionType> BY_LOWER_DISPLAY_NAME = lowerCased();

	private static Map<String, ExceptionType> lowerCased() {
		Map<String, ExceptionType> map = new java.util.HashMap<>();
		BY_DISPLAY_NAME.forEach((name, type) -> map.put(name.toLowerCase(java.util.Locale.ROOT), type));
		return Map.copyOf(map);
	}

	/**
	 * Map the lower-cased display name DuckDB reports in JSON errors (for example
	 * {@code "invalid input"}) to the closed set; anything unknown is
	 * {@link #IOException}.
	 * @param errorType the {@code error_type} of a DuckDB JSON error
	 * @return the exception type
	 */
	public static ExceptionType forDuckDbErrorType(String errorType) {
		return BY_LOWER_DISPLAY_NAME.getOrDefault(errorType.toLowerCase(java.util.Locale.ROOT), IOException);
	}

	/**
	 * Return whether clients may retry a request that failed with this type.
	 * @return {@code true} only for {@link #TransactionException}
	 */
	public boolean retriable() {
		return this == TransactionException;
	}

	/**
	 * Map a DuckDB error display name (the text before {@code " Error: "}) to the closed
	 * set; anything unknown is {@link #IOException}.
	 * @param displayName DuckDB's display name, matched case-sensitively
	 * @return the exception type
	 */
	public static ExceptionType forDuckDbDisplayName(String displayName) {
		return BY_DISPLAY_NAME.getOrDefault(displayName, IOException);
	}

}
