package io.n6k.protocol;

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

	/**
	 * Return whether clients may retry a request that failed with this type.
	 * @return {@code true} only for {@link #TransactionException}
	 */
	public boolean retriable() {
		return this == TransactionException;
	}

}
