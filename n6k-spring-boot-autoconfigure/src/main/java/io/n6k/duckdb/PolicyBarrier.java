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
 * Applies row policies to a client's query with a security barrier. For every table with
 * row policies the query reads, the rows its select policy lets through are first copied,
 * by the server's own statement, into a temporary table of the request's connection
 * ({@code CREATE TEMP TABLE … AS SELECT * FROM table WHERE <select policy>}, in the
 * request's transaction); every reference to the table is then rewritten, in DuckDB's own
 * parse tree ({@code json_serialize_sql}, then {@code json_deserialize_sql}), to read
 * that copy. The client's statement never scans the table itself, so no optimizer can
 * evaluate one of its expressions on a hidden row: the barrier is a statement boundary,
 * not a plan shape. (Rewriting to a subquery is not enough: DuckDB pushes the client's
 * filters below the policy and reorders conjuncts, and disabling those optimizers per
 * session is impossible on a locked-down instance.)
 * <p>
 * After the rewrite the bound plan must read no policied table at all: a view, table
 * macro or {@code query()} that reaches one is refused rather than analysed.
 *
 * @author n6k
 */
final class PolicyBarrier {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String PLACEHOLDER = "__n6k_rls_";

	/** The name a composed statement gives the table a write targets. */
	static final String TARGET = "__n6k_target__";

	private final String catalog;

	private final CatalogAccess access;

	private final PolicyBinding binding;

	private final Map<String, String> visible = new HashMap<>();

	private final List<String> materialized = new ArrayList<>();

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
	 * Copy rows into a new temporary table of the request's connection, with the policy
	 * values bound first.
	 * @param connection the request's connection
	 * @param select the server's SELECT
	 * @return the table's qualified name
	 * @throws SQLException on failure
	 */
	String materialize(Connection connection, String select) throws SQLException {
		String name = "__n6k_v_" + this.materialized.size();
		String sql = "CREATE OR REPLACE TEMP TABLE " + name + " AS " + select;
		this.binding.apply(connection);
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		this.materialized.add(sql);
		return "temp.main." + name;
	}

	/**
	 * Prepare another connection to run a rewritten statement: the policy values and the
	 * same temporary tables (used to run a failed read again for DuckDB's message).
	 * @param connection the other connection
	 * @throws SQLException on failure
	 */
	void replay(Connection connection) throws SQLException {
		this.binding.apply(connection);
		try (Statement statement = connection.createStatement()) {
			for (String sql : this.materialized) {
				statement.execute(sql);
			}
		}
	}

	/**
	 * Drop the temporary tables (best effort: they go with the connection anyway).
	 * @param connection the request's connection
	 */
	void release(Connection connection) {
		try (Statement statement = connection.createStatement()) {
			for (int i = 0; i < this.materialized.size(); i++) {
				statement.execute("DROP TABLE IF EXISTS temp.main.__n6k_v_" + i);
			}
			statement.execute("DROP TABLE IF EXISTS temp.main.__n6k_stage");
			statement.execute("DROP TABLE IF EXISTS temp.main.__n6k_returning");
		}
		catch (SQLException ex) {
			// the connection is closed or its transaction failed: the tables go with it
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
	String rewrite(Connection connection, String sql, @Nullable String target) throws SQLException {
		String text = substitute(connection, sql, target);
		verify(connection, text);
		return text;
	}

	/**
	 * Rewrite a query as {@link #rewrite(Connection, String, String)} does, without
	 * binding the result (a macro body, whose parameters bind only when it is called).
	 * @param connection the request's connection
	 * @param sql the query
	 * @param target as for {@link #rewrite(Connection, String, String)}
	 * @return the rewritten query
	 * @throws SQLException on failure
	 */
	String substitute(Connection connection, String sql, @Nullable String target) throws SQLException {
		JsonNode tree = parse(connection, sql);
		List<String> substituted = new ArrayList<>();
		replace(tree, new ArrayDeque<>(), substituted);
		String text = deserialize(connection, tree);
		for (int i = substituted.size() - 1; i >= 0; i--) {
			String table = substituted.get(i);
			String source;
			if (table.equals(TARGET)) {
				if (target == null) {
					throw refuse("the statement could not be checked");
				}
				source = target;
			}
			else {
				source = visible(connection, table);
			}
			text = text.replace(PLACEHOLDER + i + "__", source);
		}
		return text;
	}

	/** The copy of the rows a table's select policy lets through. */
	String visible(Connection connection, String table) throws SQLException {
		String copy = this.visible.get(table);
		if (copy == null) {
			int dot = table.indexOf('.');
			String schema = table.substring(0, dot);
			String name = table.substring(dot + 1);
			String predicate = this.binding.predicate(new TableRef(schema, name), PolicyVerb.SELECT);
			copy = materialize(connection, "SELECT * FROM " + qualified(schema, name) + " AS "
					+ SqlRendering.identifier(name) + " WHERE " + predicate);
			this.visible.put(table, copy);
		}
		return copy;
	}

	String qualified(String schema, String table) {
		return SqlRendering.identifier(this.catalog) + "." + SqlRendering.identifier(schema) + "."
				+ SqlRendering.identifier(table);
	}

	/** Refuse the statement if its plan still reads a policied table. */
	void verify(Connection connection, String sql) throws SQLException {
		for (String table : policiedReads(connection, sql).keySet()) {
			throw refuse("table \"" + table
					+ "\" has row policies; it must be named directly, not read through a view, macro or query()");
		}
	}

	/** Count the reads of each policied table in a statement's bound plan. */
	Map<String, Integer> policiedReads(Connection connection, String sql) throws SQLException {
		JsonNode plan = SqlGuard.boundPlan(connection, sql);
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
