package io.n6k.duckdb;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.n6k.access.CatalogAccess;
import io.n6k.backend.TableRef;
import org.duckdb.DuckDBConnection;

/**
 * Runs a client's QUERY or EXEC that touches tables with row policies: reads through the
 * {@link PolicyBarrier}, INSERT, UPDATE and DELETE through {@link PolicyWrites};
 * everything else that touches such a table (DDL such as CREATE VIEW or CTAS, MERGE, a
 * write behind WITH) is refused rather than analysed.
 *
 * @author n6k
 */
final class PolicySql {

	private final CatalogAccess access;

	private final PolicyBarrier barrier;

	PolicySql(CatalogAccess access) {
		this.access = access;
		this.barrier = new PolicyBarrier(access, new PolicyBinding(access));
	}

	/**
	 * Prepare what a QUERY streams, on the request's connection inside its transaction: a
	 * read is rewritten to read copies of the visible rows (temporary tables that live
	 * until the connection closes); a write runs here and what it streams is its
	 * RETURNING rows or its row count.
	 * @param connection the request's connection
	 * @param sql the client's statement, already checked by the {@link SqlGuard}
	 * @param checked what the guard found
	 * @return the statement to stream
	 * @throws SQLException on failure
	 */
	String query(DuckDBConnection connection, String sql, SqlGuard.Checked checked) throws SQLException {
		if (!isWrite(sql, checked)) {
			return this.barrier.rewrite(connection, sql);
		}
		PolicyWrites.Outcome outcome = write(connection, sql, checked);
		if (outcome.returning() != null) {
			return "SELECT * FROM " + outcome.returning();
		}
		return (outcome.count() > 0) ? "SELECT " + outcome.count() + "::BIGINT AS \"Count\""
				: "SELECT 0::BIGINT AS \"Count\" WHERE false";
	}

	/**
	 * Run an EXEC on the request's connection inside its transaction.
	 * @param connection the request's connection
	 * @param sql the client's statement, already checked by the {@link SqlGuard}
	 * @param checked what the guard found
	 * @return the statement's row count, or for a read the value of its first cell
	 * @throws SQLException on failure
	 */
	Object exec(DuckDBConnection connection, String sql, SqlGuard.Checked checked) throws SQLException {
		try {
			if (!isWrite(sql, checked)) {
				String rewritten = this.barrier.rewrite(connection, sql);
				try (Statement statement = connection.createStatement()) {
					statement.execute(rewritten);
					try (java.sql.ResultSet rs = statement.getResultSet()) {
						Object first = (rs != null && rs.getMetaData().getColumnCount() > 0 && rs.next())
								? rs.getObject(1) : null;
						return (first != null) ? first : 0L;
					}
				}
			}
			return write(connection, sql, checked).count();
		}
		finally {
			this.barrier.release(connection);
		}
	}

	/**
	 * Prepare a fresh connection to run a rewritten read again (to recover DuckDB's error
	 * message): the served catalog, the policy values and the copies of visible rows.
	 * @param fresh the connection
	 * @throws SQLException on failure
	 */
	void prepareDiagnosis(DuckDBConnection fresh) throws SQLException {
		try (Statement statement = fresh.createStatement()) {
			statement.execute("USE " + SqlRendering.identifier(this.access.catalog()));
		}
		this.barrier.replay(fresh);
	}

	private PolicyWrites.Outcome write(DuckDBConnection connection, String sql, SqlGuard.Checked checked)
			throws SQLException {
		if (checked.writtenTables().size() != 1) {
			throw PolicyBarrier.refuse("with row policies, a statement may write one table");
		}
		List<String> written = checked.writtenTables().iterator().next();
		return new PolicyWrites(this.barrier, this.access.catalog()).run(connection, sql,
				new TableRef(written.get(1), written.get(2)));
	}

	/**
	 * Drop the {@code LINE 1: …} context of a DuckDB error: it quotes the rewritten
	 * statement, not the client's.
	 * @param ex the error
	 * @return the error with its first part only
	 */
	static SQLException withoutContext(SQLException ex) {
		String message = ex.getMessage();
		int context = (message != null) ? message.indexOf("\nLINE ") : -1;
		if (message == null || context < 0) {
			return ex;
		}
		return new SQLException(message.substring(0, context).strip(), ex.getSQLState(), ex);
	}

	private static boolean isWrite(String sql, SqlGuard.Checked checked) {
		if (checked.ddl()) {
			throw PolicyBarrier.refuse("with row policies, " + describe(checked.rootOperator())
					+ " over a table with row policies is refused rather than analysed");
		}
		if (!checked.writes()) {
			return false;
		}
		List<List<String>> statements = SqlStatements.leadingWords(sql);
		String first = (statements.isEmpty() || statements.get(0).isEmpty()) ? "" : statements.get(0).get(0);
		if (!first.equals("INSERT") && !first.equals("UPDATE") && !first.equals("DELETE")) {
			throw PolicyBarrier.refuse("with row policies, " + first
					+ " statements that write are refused rather than analysed; use INSERT, UPDATE or DELETE");
		}
		return true;
	}

	private static String describe(String rootOperator) {
		return rootOperator.startsWith("LOGICAL_") ? rootOperator.substring("LOGICAL_".length()).replace('_', ' ')
				: rootOperator;
	}

}
