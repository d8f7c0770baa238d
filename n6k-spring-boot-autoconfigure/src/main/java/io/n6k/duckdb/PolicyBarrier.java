package io.n6k.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import io.n6k.access.CatalogAccess;
import io.n6k.access.PolicyVerb;
import io.n6k.backend.TableRef;
import io.n6k.protocol.N6kException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies row policies to a client's SELECT with a security barrier. Every reference to a
 * table with row policies becomes {@code (SELECT * FROM table WHERE <select policy>)},
 * rewritten in DuckDB's own parse tree ({@code json_serialize_sql}, then
 * {@code json_deserialize_sql}), and the statement runs with every optimizer disabled
 * that could move an expression of the client below that filter (filter pushdown and
 * pull-up, join reordering, CTE filter pushing, expression pushdown into scans, ...): the
 * policy filter then sits directly on the table scan and the client's expressions only
 * ever see the rows it lets through. Optimizers are disabled by an allow-list, so an
 * optimizer a later DuckDB adds is off until it has been reviewed.
 * <p>
 * After the rewrite the bound plan must read each policied table exactly as often as the
 * rewrite put it there: a view, table macro or {@code query()} that reaches one otherwise
 * is refused rather than analysed.
 *
 * @author n6k
 */
final class PolicyBarrier {

	/**
	 * Optimizers that only rewrite expressions where they are or choose physical
	 * strategies; none moves an expression from one operator to another below it.
	 */
	static final Set<String> SAFE_OPTIMIZERS = Set.of("expression_rewriter", "regex_range", "in_clause",
			"unused_columns", "statistics_propagation", "common_subexpressions", "common_aggregate", "column_lifetime",
			"top_n", "build_side_probe_side", "compressed_materialization", "duplicate_groups", "reorder_filter",
			"aggregate_function_rewriter", "distinct_aggregate_rewrite", "redundant_order_keys");

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String PLACEHOLDER = "__n6k_rls_";

	/** The name a composed statement gives the table a write targets. */
	static final String TARGET = "__n6k_target__";

	private final String catalog;

	private final CatalogAccess access;

	private final PolicyBinding binding;

	private final Map<String, Map<String, Integer>> readsPerSubstitution = new HashMap<>();

	/**
	 * Create a barrier for one request.
	 * @param access the principal's view of the catalog
	 * @param binding collects the values the predicates need
	 */
	PolicyBarrier(CatalogAccess access, PolicyBinding binding) {
		this.catalog = access.catalog();
		this.access = access;
		this.binding = binding;
	}

	/**
	 * Return whether a table's rows are filtered for this principal (its policy is more
	 * than a plain grant).
	 * @param schema schema name
	 * @param table table name
	 * @return whether reads and writes of it must be rewritten
	 */
	boolean policied(String schema, String table) {
		return this.access.policy(schema, table).map((policy) -> policy.asPermission() == null).orElse(false);
	}

	PolicyBinding binding() {
		return this.binding;
	}

	/**
	 * Bind the policy values and disable the optimizers that could cross the barrier, on
	 * the request's connection.
	 * @param connection the connection
	 * @throws SQLException on failure
	 */
	void enter(Connection connection) throws SQLException {
		this.binding.apply(connection);
		List<String> disabled = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT name FROM duckdb_optimizers() ORDER BY name")) {
			while (rs.next()) {
				String name = rs.getString(1);
				if (!SAFE_OPTIMIZERS.contains(name)) {
					disabled.add(name);
				}
			}
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET disabled_optimizers = " + SqlRendering.string(String.join(",", disabled)));
		}
	}

	/**
	 * Undo {@link #enter}: the optimizers are enabled again and the variables removed.
	 * @param connection the connection
	 * @throws SQLException on failure
	 */
	void exit(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("RESET disabled_optimizers");
			for (String name : this.binding.values().keySet()) {
				statement.execute("RESET VARIABLE " + SqlRendering.identifier(PolicyBinding.variable(name)));
			}
		}
	}

	/**
	 * Rewrite a SELECT (or VALUES) so that every policied table is read through its
	 * select policy, and verify the result.
	 * @param connection the request's connection (in the request's transaction)
	 * @param sql the client's query
	 * @return the rewritten query
	 * @throws SQLException on failure
	 */
	String rewrite(Connection connection, String sql) throws SQLException {
		requireNoReservedNames(sql);
		return rewrite(connection, sql, null);
	}

	/**
	 * Refuse client text that uses the names the rewrite reserves for itself.
	 * @param sql the client's text
	 */
	static void requireNoReservedNames(String sql) {
		if (sql.toLowerCase(Locale.ROOT).contains("__n6k")) {
			throw refuse("names starting with __n6k are reserved");
		}
	}

	/**
	 * Rewrite a query composed by the server around client parts; the reference named
	 * {@value #TARGET} becomes {@code target} (a write's view of its table).
	 * @param connection the request's connection
	 * @param sql the composed query (client parts already checked with
	 * {@link #requireNoReservedNames})
	 * @param target the subquery that replaces {@value #TARGET}, with the policied reads
	 * it makes
	 * @return the rewritten query
	 * @throws SQLException on failure
	 */
	String rewrite(Connection connection, String sql, @Nullable Target target) throws SQLException {
		JsonNode tree = parse(connection, sql);
		List<String> substituted = new ArrayList<>();
		replace(tree, new ArrayDeque<>(), substituted);
		String text = deserialize(connection, tree);
		Map<String, Integer> expected = new HashMap<>();
		for (int i = substituted.size() - 1; i >= 0; i--) {
			String table = substituted.get(i);
			String source;
			if (table.equals(TARGET)) {
				if (target == null) {
					throw refuse("the statement could not be checked");
				}
				source = target.sql();
				target.reads().forEach((key, count) -> expected.merge(key, count, Integer::sum));
			}
			else {
				source = visible(connection, table, expected);
			}
			text = text.replace(PLACEHOLDER + i + "__", source);
		}
		verify(connection, text, expected);
		return text;
	}

	/**
	 * Describe the subquery a write reads its target through.
	 * @param connection the request's connection
	 * @param sql the subquery, parenthesised
	 * @return the target
	 * @throws SQLException on failure
	 */
	Target target(Connection connection, String sql) throws SQLException {
		return new Target(sql, policiedReads(connection, "SELECT * FROM " + sql + " AS x"));
	}

	/**
	 * The subquery that replaces a write's target, and the policied reads it makes.
	 *
	 * @param sql the parenthesised subquery
	 * @param reads reads per lower-case {@code schema.table}
	 */
	record Target(String sql, Map<String, Integer> reads) {
	}

	/** The select policy's view of a table, as a parenthesised subquery. */
	String visible(Connection connection, String table, Map<String, Integer> expected) throws SQLException {
		int dot = table.indexOf('.');
		String schema = table.substring(0, dot);
		String name = table.substring(dot + 1);
		String predicate = this.binding.predicate(new TableRef(schema, name), PolicyVerb.SELECT);
		String subquery = "(SELECT * FROM " + qualified(schema, name) + " WHERE " + predicate + ")";
		Map<String, Integer> reads = this.readsPerSubstitution.get(table);
		if (reads == null) {
			reads = policiedReads(connection, "SELECT * FROM " + subquery + " AS x");
			this.readsPerSubstitution.put(table, reads);
		}
		reads.forEach((key, count) -> expected.merge(key, count, Integer::sum));
		return subquery;
	}

	String qualified(String schema, String table) {
		return SqlRendering.identifier(this.catalog) + "." + SqlRendering.identifier(schema) + "."
				+ SqlRendering.identifier(table);
	}

	/**
	 * Refuse the statement unless the plan reads each policied table exactly as often as
	 * the rewrite accounts for.
	 */
	void verify(Connection connection, String sql, Map<String, Integer> expected) throws SQLException {
		Map<String, Integer> actual = policiedReads(connection, sql);
		Set<String> tables = new HashSet<>(actual.keySet());
		tables.addAll(expected.keySet());
		for (String table : tables) {
			if (!actual.getOrDefault(table, 0).equals(expected.getOrDefault(table, 0))) {
				throw refuse("table \"" + table
						+ "\" has row policies; it must be named directly, not read through a view, macro or query()");
			}
		}
	}

	/** Count the reads of each policied table in a statement's bound plan. */
	Map<String, Integer> policiedReads(Connection connection, String sql) throws SQLException {
		String json;
		try (PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_plan(?)")) {
			statement.setString(1, sql);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				json = rs.getString(1);
			}
		}
		JsonNode plan = readTree(json);
		if (plan.path("error").asBoolean(false)) {
			throw SqlGuard.bindError(plan, sql);
		}
		Map<String, Integer> reads = new HashMap<>();
		countReads(plan.path("plans"), reads);
		return reads;
	}

	private void countReads(JsonNode node, Map<String, Integer> reads) {
		if (node.isObject() && node.path("type").asString("").equals("LOGICAL_GET")) {
			JsonNode path = node.path("function_data").path("qualified_name").path("path");
			if (path.isArray() && path.size() == 3 && path.get(0).asString("").equals(this.catalog)
					&& policied(path.get(1).asString(""), path.get(2).asString(""))) {
				reads.merge(key(path.get(1).asString(""), path.get(2).asString("")), 1, Integer::sum);
			}
		}
		if (node.isContainer()) {
			for (JsonNode child : node) {
				countReads(child, reads);
			}
		}
	}

	private JsonNode parse(Connection connection, String sql) throws SQLException {
		String json;
		try (PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_sql(?)")) {
			statement.setString(1, sql);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				json = rs.getString(1);
			}
		}
		JsonNode tree = readTree(json);
		if (tree.path("error").asBoolean(false) || tree.path("statements").size() != 1) {
			throw refuse("with row policies, this statement is refused rather than analysed");
		}
		return tree;
	}

	private String deserialize(Connection connection, JsonNode tree) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT json_deserialize_sql(?::JSON)")) {
			statement.setString(1, JSON.writeValueAsString(tree));
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				String text = rs.getString(1);
				if (text == null) {
					throw refuse("the statement could not be checked");
				}
				return text;
			}
		}
	}

	/** Replace policied base-table references by numbered placeholders. */
	private void replace(JsonNode node, Deque<Set<String>> ctes, List<String> substituted) {
		if (node.isArray()) {
			for (JsonNode element : node) {
				replace(element, ctes, substituted);
			}
			return;
		}
		if (!(node instanceof ObjectNode object)) {
			return;
		}
		Set<String> names = cteNames(object);
		if (!names.isEmpty()) {
			ctes.push(names);
		}
		try {
			if (object.path("type").asString("").equals("BASE_TABLE")) {
				baseTable(object, ctes, substituted);
				return;
			}
			for (Map.Entry<String, JsonNode> field : object.properties()) {
				if (field.getValue().isContainer()) {
					replace(field.getValue(), ctes, substituted);
				}
			}
		}
		finally {
			if (!names.isEmpty()) {
				ctes.pop();
			}
		}
	}

	private void baseTable(ObjectNode ref, Deque<Set<String>> ctes, List<String> substituted) {
		String catalogName = ref.path("catalog_name").asString("");
		String schema = ref.path("schema_name").asString("");
		String name = ref.path("table_name").asString("");
		String lower = name.toLowerCase(Locale.ROOT);
		if (catalogName.isEmpty() && schema.isEmpty() && lower.equals(TARGET)) {
			ref.put("table_name", PLACEHOLDER + substituted.size() + "__");
			ref.set("qualified_name", JSON.createObjectNode()
				.set("path", JSON.createArrayNode().add(PLACEHOLDER + substituted.size() + "__")));
			substituted.add(TARGET);
			return;
		}
		if (catalogName.isEmpty() && schema.isEmpty() && ctes.stream().anyMatch((scope) -> scope.contains(lower))) {
			return;
		}
		String target = resolve(catalogName, schema, name);
		if (target == null) {
			return;
		}
		if (!ref.path("at_clause").isNull() && !ref.path("at_clause").isMissingNode()) {
			throw refuse("time travel (AT) on a table with row policies is not allowed");
		}
		String alias = ref.path("alias").asString("");
		ref.put("alias", alias.isEmpty() ? name : alias);
		ref.put("catalog_name", "");
		ref.put("schema_name", "");
		String placeholder = PLACEHOLDER + substituted.size() + "__";
		ref.put("table_name", placeholder);
		ref.set("qualified_name", JSON.createObjectNode().set("path", JSON.createArrayNode().add(placeholder)));
		substituted.add(target);
	}

	/**
	 * The policied table a reference can name, as lower-case {@code schema.table}, or
	 * {@code null}. A name DuckDB would resolve elsewhere is caught by {@link #verify}.
	 */
	private @Nullable String resolve(String catalogName, String schema, String name) {
		String servedCatalog = this.catalog.toLowerCase(Locale.ROOT);
		String c = catalogName.toLowerCase(Locale.ROOT);
		String s = schema.toLowerCase(Locale.ROOT);
		List<String> candidates = new ArrayList<>();
		if (c.isEmpty() && s.isEmpty()) {
			candidates.add("main");
		}
		else if (c.isEmpty()) {
			candidates.add(s);
			if (s.equals(servedCatalog)) {
				candidates.add("main");
			}
		}
		else if (c.equals(servedCatalog)) {
			candidates.add(s.isEmpty() ? "main" : s);
		}
		for (String candidate : candidates) {
			if (policied(candidate, name)) {
				return key(candidate, name);
			}
		}
		return null;
	}

	private static Set<String> cteNames(ObjectNode object) {
		JsonNode map = object.path("cte_map").path("map");
		if (!map.isArray() || map.isEmpty()) {
			return Set.of();
		}
		Set<String> names = new HashSet<>();
		for (JsonNode entry : map) {
			names.add(entry.path("key").asString("").toLowerCase(Locale.ROOT));
		}
		return names;
	}

	private static JsonNode readTree(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw refuse("the statement could not be checked");
		}
	}

	/**
	 * Render a column list.
	 * @param columns column names
	 * @return the quoted names, comma separated
	 */
	static String columnList(List<String> columns) {
		StringJoiner joiner = new StringJoiner(", ");
		columns.forEach((column) -> joiner.add(SqlRendering.identifier(column)));
		return joiner.toString();
	}

	static String key(String schema, String table) {
		return schema.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT);
	}

	static N6kException refuse(String why) {
		return N6kException.permission("n6k: " + why);
	}

}
