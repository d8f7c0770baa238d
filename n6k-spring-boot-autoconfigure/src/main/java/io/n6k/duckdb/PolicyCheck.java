package io.n6k.duckdb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.n6k.access.TablePolicy;
import io.n6k.backend.TableRef;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
	 * Find listed views that read a table whose rows are filtered: a view is served as
	 * its own entry, so it would serve that table's rows unfiltered.
	 * @param database the database
	 * @param catalog the catalog
	 * @param policies policy per listed table or view
	 * @return one problem per such view; its {@code predicate} is the table it reads
	 * @throws SQLException when DuckDB fails
	 */
	public static List<Problem> viewsOverPolicies(DuckDbDatabase database, String catalog,
			Map<TableRef, TablePolicy> policies) throws SQLException {
		List<Problem> problems = new ArrayList<>();
		Map<String, TableRef> filtered = new LinkedHashMap<>();
		policies.forEach((table, policy) -> {
			if (!TablePolicy.TRUE.equals(policy.select())) {
				filtered.put(key(catalog, table.schema(), table.table()), table);
			}
		});
		if (filtered.isEmpty()) {
			return problems;
		}
		try (DuckDBConnection connection = database.connect()) {
			for (TableRef view : policies.keySet()) {
				if (DuckDbJdbc
					.rows(connection,
							"SELECT 1 FROM duckdb_views() WHERE database_name = ? "
									+ "AND lower(schema_name) = lower(?) AND lower(view_name) = lower(?)",
							catalog, view.schema(), view.table())
					.isEmpty()) {
					continue;
				}
				String plan = String.valueOf(
						DuckDbJdbc
							.rows(connection, "SELECT json_serialize_plan(?)",
									"SELECT * FROM " + SqlRendering.table(catalog, view))
							.get(0)
							.get(0));
				Set<String> reads = new LinkedHashSet<>();
				collectReads(JsonMapper.shared().readTree(plan), reads);
				for (String read : reads) {
					TableRef table = filtered.get(read);
					if (table != null) {
						problems.add(new Problem(view, "select", table.qualifiedName(),
								"the view reads " + table.qualifiedName()
										+ ", whose rows are filtered by a row policy; "
										+ "served as a view they would be shown unfiltered"));
					}
				}
			}
		}
		return problems;
	}

	private static void collectReads(JsonNode node, Set<String> reads) {
		JsonNode path = node.path("qualified_name").path("path");
		if (path.isArray() && path.size() == 3) {
			reads.add(key(path.get(0).asString(""), path.get(1).asString(""), path.get(2).asString("")));
		}
		for (JsonNode child : node) {
			collectReads(child, reads);
		}
	}

	private static String key(String catalog, String schema, String table) {
		return (catalog + "\u0000" + schema + "\u0000" + table).toLowerCase(Locale.ROOT);
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
