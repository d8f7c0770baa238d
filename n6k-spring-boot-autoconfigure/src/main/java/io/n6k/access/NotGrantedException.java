package io.n6k.access;

import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.N6kException;

/**
 * A table that is not granted. The client gets DuckDB's own words for a missing table
 * (CatalogException), so that it cannot tell an ungranted table from an absent one; the
 * server's audit log records it as a refusal.
 *
 * @author n6k
 * @since 0.1.0
 */
public class NotGrantedException extends N6kException {

	NotGrantedException(String table) {
		super(ExceptionType.CatalogException, "Table with name " + table + " does not exist!");
	}

}
