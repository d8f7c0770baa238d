package io.n6k.duckdb;

import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The row policies of one request's principal in one catalog, as DuckDB SQL: each
 * predicate's {@code $name} parameters are already replaced by
 * {@code getvariable('__n6k_p_<name>')}, and {@link #variables()} holds the values the
 * {@link PolicyBarrier} binds to those variables on the request's connection.
 *
 * @param tables the policies of the tables whose rows are filtered, keyed by lower-case
 * {@code schema.table}
 * @param variables variable name (already prefixed) to value
 * @author n6k
 */
record RequestPolicies(Map<String, Predicates> tables, Map<String, Object> variables) {

	/** The prefix of every variable a policy reads. */
	static final String VARIABLE_PREFIX = "__n6k_p_";

	RequestPolicies {
		tables = Map.copyOf(tables);
		variables = Map.copyOf(variables);
	}

	/** No table is filtered. */
	static final RequestPolicies NONE = new RequestPolicies(Map.of(), Map.of());

	/**
	 * Return the predicates of a table, or {@code null} when its rows are not filtered.
	 * @param schema schema name
	 * @param table table name
	 * @return the predicates or {@code null}
	 */
	@Nullable Predicates of(String schema, String table) {
		return this.tables.get(key(schema, table));
	}

	boolean isEmpty() {
		return this.tables.isEmpty();
	}

	static String key(String schema, String table) {
		return schema.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT);
	}

	/**
	 * One table's predicates as SQL; {@code null} denies the verb.
	 *
	 * @param select which rows exist
	 * @param insert what inserted rows must satisfy
	 * @param updateUsing which rows an update matches
	 * @param updateCheck what updated rows must satisfy
	 * @param delete which rows a delete removes
	 */
	record Predicates(@Nullable String select, @Nullable String insert, @Nullable String updateUsing,
			@Nullable String updateCheck, @Nullable String delete) {
	}

}
