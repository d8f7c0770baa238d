package io.n6k.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import io.n6k.access.PolicyVerb;
import io.n6k.backend.TableRef;
import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.N6kException;
import org.jspecify.annotations.Nullable;

/**
 * Runs a client's INSERT, UPDATE or DELETE with PostgreSQL's row-policy semantics, in the
 * request's transaction. Every read inside the statement goes through the
 * {@link PolicyBarrier}; the rows to change are computed first, by a SELECT the barrier
 * protects, into a temporary table; then the server's own statements check them and apply
 * them by {@code rowid}:
 * <ul>
 * <li>UPDATE matches only rows passing {@code select} and {@code using}; every new
 * version must pass {@code check} or the statement fails and nothing changes;</li>
 * <li>DELETE removes only rows passing {@code select} and {@code delete};</li>
 * <li>INSERT writes its rows, then every one must pass {@code insert} or the statement
 * fails (the caller rolls the transaction back);</li>
 * <li>RETURNING shows only rows that pass {@code select}, evaluated behind the
 * barrier.</li>
 * </ul>
 *
 * @author n6k
 */
final class PolicyWrites {

	private static final String STAGE = "temp.main.__n6k_stage";

	private static final String RETURNED = "temp.main.__n6k_returning";

	private final PolicyBarrier barrier;

	private final String catalog;

	PolicyWrites(PolicyBarrier barrier, String catalog) {
		this.barrier = barrier;
		this.catalog = catalog;
	}

	/**
	 * Run one write.
	 * @param connection the request's connection, in its transaction
	 * @param sql the client's statement
	 * @param table the table it writes, as DuckDB's binder resolved it
	 * @return the number of rows changed, and the relation holding the RETURNING rows (or
	 * {@code null})
	 * @throws SQLException on failure
	 */
	Outcome run(Connection connection, String sql, TableRef table) throws SQLException {
		PolicyBarrier.requireNoReservedNames(sql);
		WriteStatement write = WriteStatement.parse(sql);
		return switch (write.verb()) {
			case "INSERT" -> insert(connection, write, table);
			case "UPDATE" -> update(connection, write, table);
			default -> delete(connection, write, table);
		};
	}

	private Outcome insert(Connection connection, WriteStatement write, TableRef table) throws SQLException {
		boolean policied = this.barrier.policied(table.schema(), table.table());
		String check = policied ? this.barrier.binding().predicate(table, PolicyVerb.INSERT) : null;
		String source = (write.source() != null) ? this.barrier.rewrite(connection, write.source()) : null;
		String visible = (write.returning() != null) ? select(table) : null;
		long before = longValue(connection, "SELECT coalesce(max(rowid), -1) FROM " + qualified(table));
		String columns = (write.columns() != null) ? " (" + PolicyBarrier.columnList(write.columns()) + ")" : "";
		this.barrier.binding().apply(connection);
		long count = update(connection,
				"INSERT INTO " + qualified(table) + columns + " " + ((source != null) ? source : "DEFAULT VALUES"));
		String fresh = "rowid > " + before;
		if (check != null && longValue(connection, "SELECT count(*) FROM " + qualified(table) + " AS "
				+ SqlRendering.identifier(table.table()) + " WHERE " + fresh + " AND " + check + " IS NOT TRUE") > 0) {
			throw violation(table);
		}
		String returned = (visible != null) ? returning(connection, write, "SELECT * FROM " + qualified(table) + " AS "
				+ SqlRendering.identifier(table.table()) + " WHERE " + fresh + " AND " + visible) : null;
		return new Outcome(count, returned);
	}

	private Outcome update(Connection connection, WriteStatement write, TableRef table) throws SQLException {
		boolean policied = this.barrier.policied(table.schema(), table.table());
		String matches = policied ? select(table) + " AND " + this.barrier.binding().predicate(table, PolicyVerb.UPDATE)
				: "true";
		String check = policied ? this.barrier.binding().updateCheck(table) : null;
		String visible = (write.returning() != null) ? select(table) : null;
		Map<String, String> types = columns(connection, table);
		Map<String, String> assigned = new LinkedHashMap<>();
		for (WriteStatement.Assignment assignment : write.assignments()) {
			String column = canonical(types, assignment.column());
			if (assigned.put(column, assignment.expression()) != null) {
				throw new N6kException(ExceptionType.BinderException,
						"Multiple assignments to same column \"" + column + "\"");
			}
		}
		String alias = SqlRendering.identifier(write.alias());
		StringJoiner list = new StringJoiner(", ");
		list.add(alias + ".__n6k_rowid");
		types.forEach((column, type) -> {
			String expression = assigned.get(column);
			list.add(((expression != null) ? "CAST((" + expression + ") AS " + type + ")"
					: alias + "." + SqlRendering.identifier(column)) + " AS " + SqlRendering.identifier(column));
		});
		stage(connection, write, table, matches, list.toString());
		this.barrier.binding().apply(connection);
		if (check != null && longValue(connection, "SELECT count(*) FROM (SELECT * EXCLUDE (__n6k_rowid) FROM " + STAGE
				+ ") AS " + SqlRendering.identifier(table.table()) + " WHERE " + check + " IS NOT TRUE") > 0) {
			throw violation(table);
		}
		StringJoiner set = new StringJoiner(", ");
		assigned.keySet()
			.forEach((column) -> set
				.add(SqlRendering.identifier(column) + " = __n6k_s." + SqlRendering.identifier(column)));
		long count = update(connection, "UPDATE " + qualified(table) + " AS __n6k_u SET " + set + " FROM " + STAGE
				+ " AS __n6k_s WHERE __n6k_u.rowid = __n6k_s.__n6k_rowid");
		String returned = (visible != null) ? returning(connection, write, "SELECT * EXCLUDE (__n6k_rowid) FROM "
				+ STAGE + " AS " + SqlRendering.identifier(table.table()) + " WHERE " + visible) : null;
		return new Outcome(count, returned);
	}

	private Outcome delete(Connection connection, WriteStatement write, TableRef table) throws SQLException {
		boolean policied = this.barrier.policied(table.schema(), table.table());
		String matches = policied ? select(table) + " AND " + this.barrier.binding().predicate(table, PolicyVerb.DELETE)
				: "true";
		String alias = SqlRendering.identifier(write.alias());
		stage(connection, write, table, matches, alias + ".*");
		long count = update(connection,
				"DELETE FROM " + qualified(table) + " WHERE rowid IN (SELECT __n6k_rowid FROM " + STAGE + ")");
		String returned = (write.returning() != null)
				? returning(connection, write, "SELECT * EXCLUDE (__n6k_rowid) FROM " + STAGE) : null;
		return new Outcome(count, returned);
	}

	/**
	 * Compute the rows a write matches behind the barrier: the target read through
	 * {@code matches}, joined with the FROM or USING list, filtered by the client's
	 * condition.
	 */
	private void stage(Connection connection, WriteStatement write, TableRef table, String matches, String selectList)
			throws SQLException {
		String target = this.barrier.materialize(connection, "SELECT rowid AS __n6k_rowid, * FROM " + qualified(table)
				+ " AS " + SqlRendering.identifier(table.table()) + " WHERE " + matches);
		String alias = SqlRendering.identifier(write.alias());
		String composed = "SELECT DISTINCT ON (" + alias + ".__n6k_rowid) " + selectList + " FROM "
				+ PolicyBarrier.TARGET + " AS " + alias + ((write.from() != null) ? ", " + write.from() : "")
				+ ((write.where() != null) ? " WHERE " + write.where() : "");
		String rewritten = this.barrier.rewrite(connection, composed, target);
		update(connection, "CREATE OR REPLACE TEMP TABLE __n6k_stage AS " + rewritten);
	}

	/** Evaluate RETURNING behind the barrier, over the rows the client may see. */
	private String returning(Connection connection, WriteStatement write, String rows) throws SQLException {
		String composed = "SELECT " + write.returning() + " FROM " + PolicyBarrier.TARGET + " AS "
				+ SqlRendering.identifier(write.alias());
		String rewritten = this.barrier.rewrite(connection, composed, this.barrier.materialize(connection, rows));
		update(connection, "CREATE OR REPLACE TEMP TABLE __n6k_returning AS " + rewritten);
		return RETURNED;
	}

	private String select(TableRef table) {
		return this.barrier.binding().predicate(table, PolicyVerb.SELECT);
	}

	private Map<String, String> columns(Connection connection, TableRef table) throws SQLException {
		Map<String, String> types = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement("SELECT column_name, data_type "
				+ "FROM duckdb_columns() WHERE database_name = ? AND schema_name = ? AND table_name = ? "
				+ "ORDER BY column_index")) {
			statement.setString(1, this.catalog);
			statement.setString(2, table.schema());
			statement.setString(3, table.table());
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					types.put(rs.getString(1), rs.getString(2));
				}
			}
		}
		return types;
	}

	private static String canonical(Map<String, String> types, String column) {
		for (String name : types.keySet()) {
			if (name.toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT))) {
				return name;
			}
		}
		throw new N6kException(ExceptionType.BinderException,
				"Referenced update column " + column + " not found in table!");
	}

	private String qualified(TableRef table) {
		return this.barrier.qualified(table.schema(), table.table());
	}

	private static long update(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
			return Math.max(0, statement.getUpdateCount());
		}
	}

	private static long longValue(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static N6kException violation(TableRef table) {
		return N6kException
			.permission("n6k: new row violates row-level security policy for table \"" + table.table() + "\"");
	}

	/**
	 * What a write did.
	 *
	 * @param count rows changed
	 * @param returning the temporary table holding the RETURNING rows, or {@code null}
	 */
	record Outcome(long count, @Nullable String returning) {
	}

}
