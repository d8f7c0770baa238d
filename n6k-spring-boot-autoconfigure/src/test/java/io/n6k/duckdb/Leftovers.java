package io.n6k.duckdb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.duckdb.DuckDBConnection;

/**
 * What one request can leave on a DuckDB connection, read from the connection itself.
 *
 * @param temporaryObjects temporary tables, views (registered Arrow streams among them),
 * macros and sequences
 * @param variables DuckDB variables ({@code SET VARIABLE})
 * @param searchPath the search path ({@code USE}, {@code SET search_path})
 * @param inTransaction whether auto-commit is off
 * @author n6k
 */
record Leftovers(long temporaryObjects, long variables, String searchPath, boolean inTransaction) {

	static final Leftovers NONE = new Leftovers(0, 0, "", false);

	static Leftovers of(DuckDBConnection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT (SELECT count(*) FROM duckdb_tables() WHERE temporary) "
						+ "+ (SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal) "
						+ "+ (SELECT count(*) FROM duckdb_functions() WHERE database_name = 'temp') "
						+ "+ (SELECT count(*) FROM duckdb_sequences() WHERE temporary), "
						+ "(SELECT count(*) FROM duckdb_variables()), current_setting('search_path')")) {
			rs.next();
			return new Leftovers(rs.getLong(1), rs.getLong(2), rs.getString(3), !connection.getAutoCommit());
		}
	}

}
