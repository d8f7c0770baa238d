package io.n6k.backend;

/**
 * A table named by a request, relative to the session's catalog.
 *
 * @param schema schema name as sent
 * @param table table name as sent
 * @author n6k
 * @since 0.1.0
 */
public record TableRef(String schema, String table) {

	/**
	 * Return {@code schema.table}, the form used in grants and messages.
	 * @return the qualified name
	 */
	public String qualifiedName() {
		return this.schema + "." + this.table;
	}

	@Override
	public String toString() {
		return qualifiedName();
	}

}
