package io.n6k.duckdb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.access.TablePolicy;
import io.n6k.backend.TableRef;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

/**
 * Binds every predicate of a catalog's row policies against its table, at startup, so
 * that a mistake stops the application instead of failing (or, worse, passing) requests.
 * Parameters are unset variables then, which DuckDB reads as an untyped {@code NULL} that
 * binds against any type; nothing is read from the table.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class PolicyCheck {

	private PolicyCheck() {
	}

	/**
	 * Bind every predicate of the given policies.
	 * @param database the database
	 * @param catalog the catalog
	 * @param policies policy per table
	 * @return one problem per bad predicate: the table, the verb and DuckDB's message
	 * @throws SQLException when DuckDB fails otherwise
	 */
	public static List<Problem> check(DuckDbDatabase database, String catalog, Map<TableRef, TablePolicy> policies)
			throws SQLException {
		List<Problem> problems = new ArrayList<>();
		try (DuckDBConnection connection = database.connect()) {
			for (Map.Entry<TableRef, TablePolicy> entry : policies.entrySet()) {
				TablePolicy policy = entry.getValue();
				check(connection, catalog, entry.getKey(), "select", policy.select(), problems);
				check(connection, catalog, entry.getKey(), "insert", policy.insert(), problems);
				check(connection, catalog, entry.getKey(), "update.using", policy.updateUsing(), problems);
				String updateCheck = policy.updateCheck();
				if (updateCheck != null && !updateCheck.equals(policy.updateUsing())) {
					check(connection, catalog, entry.getKey(), "update.check", updateCheck, problems);
				}
				check(connection, catalog, entry.getKey(), "delete", policy.delete(), problems);
			}
		}
		return problems;
	}

	private static void check(DuckDBConnection connection, String catalog, TableRef table, String verb,
			@Nullable String predicate, List<Problem> problems) {
		if (predicate == null || TablePolicy.TRUE.equals(predicate)) {
			return;
		}
		String from = " FROM " + SqlRendering.table(catalog, table) + " AS " + SqlRendering.identifier(table.table());
		String sql = PolicyBinding.sql(predicate);
		try (Statement statement = connection.createStatement()) {
			try (ResultSet rs = statement
				.executeQuery("SELECT count(*) FROM (SELECT 1" + from + " WHERE (" + sql + ") LIMIT 0)")) {
				rs.next();
			}
			try (ResultSet rs = statement.executeQuery("DESCRIBE SELECT (" + sql + ") AS p" + from)) {
				rs.next();
				String type = rs.getString("column_type");
				if (!"BOOLEAN".equals(type) && !"\"NULL\"".equals(type)) {
					problems.add(new Problem(table, verb, predicate, "the predicate is of type " + type
							+ ", not BOOLEAN; write a comparison, such as tenant_id = $tenant"));
				}
			}
		}
		catch (SQLException ex) {
			problems.add(new Problem(table, verb, predicate, String.valueOf(ex.getMessage()).strip()));
		}
	}

	/**
	 * A predicate DuckDB cannot use.
	 *
	 * @param table the table
	 * @param verb the verb, such as {@code select} or {@code update.check}
	 * @param predicate the predicate as configured
	 * @param message DuckDB's message
	 */
	public record Problem(TableRef table, String verb, String predicate, String message) {
	}

}
