package io.n6k.duckdb;

import java.sql.SQLException;

/**
 * Prepares the served DuckDB database right after it opens, before catalogs are attached
 * and {@code n6k.duckdb.init-sql} runs: register Java functions, create secrets, set
 * session defaults. Declare beans of this type; they run in order.
 *
 * @author n6k
 * @since 0.1.0
 */
@FunctionalInterface
public interface DuckDbDatabaseCustomizer {

	/**
	 * Customize the database.
	 * @param database the database
	 * @throws SQLException on failure, which fails startup
	 */
	void customize(DuckDbDatabase database) throws SQLException;

}
