package io.n6k.duckdb;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.n6k.protocol.N6kException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides whether a client statement is a metadata query that a catalog mirror may
 * answer: bound on the mirror by DuckDB's own binder ({@code json_serialize_plan}), it
 * must only read the mirror's metadata snapshots (through DuckDB's metadata views and
 * functions, which the mirror shadows) and constants, with read-only relational
 * operators. Everything else, including statements that mix metadata with data tables, is
 * left to the {@link SqlGuard} on the real database, which refuses metadata functions as
 * before.
 *
 * @author n6k
 */
final class MetadataGuard {

	/** Words that make a statement worth binding on the mirror. */
	private static final List<String> HINTS = List.of("information_schema", "duckdb_", "pg_", "sqlite_");

	/** Statements whose answer comes from the mirror's catalog itself. */
	private static final Set<String> SHOW_KINDS = Set.of("SHOW", "DESCRIBE", "DESC", "SUMMARIZE");

	/** Table functions that only produce values from their arguments. */
	/** Statements that may nest in a FROM clause. */
	private static final java.util.regex.Pattern NESTED_SHOW = java.util.regex.Pattern
		.compile("\\b(show|describe|summarize)\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

	private static final Set<String> VALUE_FUNCTIONS = Set.of("range", "generate_series", "unnest");

	private static final JsonMapper JSON = JsonMapper.shared();

	private MetadataGuard() {
	}

	/**
	 * Return whether a statement may be a metadata query. Only a hint for routing: what
	 * it reads is decided by binding it.
	 * @param sql the statement text
	 * @return whether to try the mirror
	 */
	public static boolean mayBeMetadata(String sql) {
		if (isShowKind(sql)) {
			return true;
		}
		String lower = sql.toLowerCase(Locale.ROOT);
		return HINTS.stream().anyMatch(lower::contains) || NESTED_SHOW.matcher(sql).find();
	}

	/**
	 * Return whether a statement is a SHOW, DESCRIBE or SUMMARIZE: the mirror's own
	 * catalog answers its names, so its errors can only name what the mirror holds.
	 * @param sql the statement text
	 * @return whether it is one
	 */
	public static boolean isShowKind(String sql) {
		List<List<String>> statements = SqlStatements.leadingWords(sql);
		return statements.size() == 1 && !statements.get(0).isEmpty() && SHOW_KINDS.contains(statements.get(0).get(0));
	}

	/**
	 * Bind a statement on a mirror connection and classify it.
	 * @param mirror a connection to the mirror, its metadata shadowed
	 * @param sql the statement
	 * @param metaCatalog the mirror's catalog of metadata snapshots
	 * @return whether the mirror may answer it
	 * @throws N6kException when the statement is never allowed (as {@link SqlGuard} would
	 * refuse it) or DuckDB cannot bind it on the mirror
	 * @throws SQLException when DuckDB itself fails
	 */
	public static boolean isMetadata(Connection mirror, String sql, String metaCatalog) throws SQLException {
		SqlGuard.prefilter(sql);
		String json = SqlGuard.planJson(mirror, sql);
		JsonNode plan;
		try {
			plan = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			return false;
		}
		if (plan.path("error").asBoolean(false)) {
			throw SqlGuard.bindError(plan, sql);
		}
		JsonNode plans = plan.path("plans");
		if (plans.size() != 1) {
			return false;
		}
		Reads reads = new Reads(metaCatalog);
		return reads.walk(plans.get(0)) && (reads.metadata || reads.constants);
	}

	/**
	 * What a plan reads; {@link #walk} answers false at the first thing that is not
	 * metadata.
	 */
	private static final class Reads {

		private final String metaCatalog;

		boolean metadata;

		boolean constants;

		Reads(String metaCatalog) {
			this.metaCatalog = metaCatalog;
		}

		boolean walk(JsonNode node) {
			if (node.isArray()) {
				for (JsonNode element : node) {
					if (!walk(element)) {
						return false;
					}
				}
				return true;
			}
			if (!node.isObject()) {
				return true;
			}
			String type = node.path("type").asString("");
			if (type.startsWith("LOGICAL_") && !operator(type, node)) {
				return false;
			}
			if (node.has("expression_class") && node.has("qname") && !scalar(node)) {
				return false;
			}
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				JsonNode value = field.getValue();
				if (value.isContainer() && !walk(value)) {
					return false;
				}
			}
			return true;
		}

		private boolean operator(String type, JsonNode node) {
			if (type.equals("LOGICAL_CHUNK_GET")) {
				// DESCRIBE answers with constants computed from the mirror's catalog
				this.constants = true;
				return true;
			}
			if (type.equals("LOGICAL_GET")) {
				List<String> table = strings(node.path("function_data").path("qualified_name").path("path"));
				if (table.size() == 3) {
					this.metadata |= table.get(0).equals(this.metaCatalog);
					return table.get(0).equals(this.metaCatalog);
				}
				List<String> function = strings(node.path("qname").path("path"));
				return function.size() == 3 && function.get(0).equals("system")
						&& VALUE_FUNCTIONS.contains(function.get(2).toLowerCase(Locale.ROOT));
			}
			return SqlGuard.RELATIONAL.contains(type) && !SqlGuard.WRITES.contains(type);
		}

		private static boolean scalar(JsonNode node) {
			List<String> path = strings(node.path("qname").path("path"));
			return path.isEmpty()
					|| !SqlGuard.DENIED_SCALARS.contains(path.get(path.size() - 1).toLowerCase(Locale.ROOT));
		}

		private static List<String> strings(JsonNode array) {
			List<String> values = new ArrayList<>();
			for (JsonNode element : array) {
				values.add(element.asString(""));
			}
			return values;
		}

	}

}
