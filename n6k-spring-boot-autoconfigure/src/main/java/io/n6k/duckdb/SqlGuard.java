package io.n6k.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import io.n6k.access.CatalogAccess;
import io.n6k.access.Permission;
import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.N6kException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks client SQL before it runs, with DuckDB's own binder: {@code json_serialize_plan}
 * binds the statement without executing it and names every base table it reads and writes
 * (views and macros expanded). A statement is allowed only when it is exactly one
 * statement of an allowed kind whose every table is granted with the verb it needs;
 * everything else is refused rather than guessed at. The SQL text is only ever passed to
 * DuckDB as a bound parameter here, never prepared or executed.
 * <p>
 * Check and execution must share one transaction (DuckDB's catalog is versioned per
 * transaction), so the plan checked is the plan that runs.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class SqlGuard {

	/** Table functions any client may call. */
	public static final Set<String> DEFAULT_TABLE_FUNCTIONS = Set.of("range", "generate_series", "unnest",
			"query_table");

	/** The temporary table holding rows pushed with an RPC_TABLE call. */
	public static final String RPC_INPUT = "__n6k_rpc_in";

	private static final JsonMapper JSON = JsonMapper.shared();

	/** Plan operators that only move rows around. */
	static final Set<String> RELATIONAL = Set.of("LOGICAL_PROJECTION", "LOGICAL_FILTER",
			"LOGICAL_AGGREGATE_AND_GROUP_BY", "LOGICAL_WINDOW", "LOGICAL_UNNEST", "LOGICAL_ORDER_BY", "LOGICAL_TOP_N",
			"LOGICAL_LIMIT", "LOGICAL_DISTINCT", "LOGICAL_SAMPLE", "LOGICAL_COMPARISON_JOIN", "LOGICAL_ANY_JOIN",
			"LOGICAL_CROSS_PRODUCT", "LOGICAL_DELIM_JOIN", "LOGICAL_DEPENDENT_JOIN", "LOGICAL_POSITIONAL_JOIN",
			"LOGICAL_ASOF_JOIN", "LOGICAL_JOIN", "LOGICAL_UNION", "LOGICAL_EXCEPT", "LOGICAL_INTERSECT",
			"LOGICAL_MATERIALIZED_CTE", "LOGICAL_RECURSIVE_CTE", "LOGICAL_CTE_REF", "LOGICAL_DUMMY_SCAN",
			"LOGICAL_EXPRESSION_GET", "LOGICAL_EMPTY_RESULT", "LOGICAL_DELIM_GET", "LOGICAL_GET", "LOGICAL_INSERT",
			"LOGICAL_UPDATE", "LOGICAL_DELETE", "LOGICAL_MERGE_INTO");

	static final Set<String> WRITES = Set.of("LOGICAL_INSERT", "LOGICAL_UPDATE", "LOGICAL_DELETE",
			"LOGICAL_MERGE_INTO");

	/** DDL a client may run inside a writable catalog served whole. */
	private static final Set<String> DDL = Set.of("LOGICAL_CREATE_TABLE", "LOGICAL_CREATE_VIEW",
			"LOGICAL_CREATE_SCHEMA", "LOGICAL_CREATE_INDEX", "LOGICAL_DROP", "LOGICAL_ALTER");

	private static final Set<String> DROPPABLE = Set.of("TABLE_ENTRY", "VIEW_ENTRY", "SCHEMA_ENTRY", "INDEX_ENTRY");

	/**
	 * Scalar functions that reach state outside the statement's tables, or bind other SQL
	 * (which would reveal ungranted tables' shapes and may have effects while binding).
	 */
	static final Set<String> DENIED_SCALARS = Set.of("nextval", "currval", "setval", "current_setting", "getvariable",
			"json_serialize_plan", "json_serialize_sql", "json_deserialize_sql");

	private final Set<String> tableFunctions;

	private final Map<String, OpaqueFunction> opaqueFunctions;

	private final FileAccessFilter files;

	/**
	 * Create a guard.
	 * @param tableFunctions built-in table functions clients may call (lower case)
	 * @param opaqueFunctions allowed table functions DuckDB cannot serialise (such as
	 * Java UDFs), keyed by lower-case name; they are shadowed by a transparent stand-in
	 * while the statement is checked
	 */
	public SqlGuard(Set<String> tableFunctions, Map<String, OpaqueFunction> opaqueFunctions) {
		this.tableFunctions = Set.copyOf(tableFunctions);
		this.opaqueFunctions = Map.copyOf(opaqueFunctions);
		Set<String> callable = new java.util.HashSet<>(this.tableFunctions);
		callable.addAll(this.opaqueFunctions.keySet());
		this.files = new FileAccessFilter(callable, DENIED_SCALARS);
	}

	/**
	 * Return a guard that allows the default table functions only.
	 * @return the guard
	 */
	public static SqlGuard standard() {
		return new SqlGuard(DEFAULT_TABLE_FUNCTIONS, Map.of());
	}

	/**
	 * Check one statement. The connection must be in the transaction that will run it.
	 * @param connection the request's connection
	 * @param sql the statement text
	 * @param access what the client may do
	 * @param rpcInput whether the request's pushed rows ({@value #RPC_INPUT}) may be read
	 * @return what the statement does
	 * @throws N6kException PermissionException or CatalogException when refused; DuckDB's
	 * own error when DuckDB cannot bind the statement
	 * @throws SQLException when DuckDB itself fails
	 */
	public Checked check(Connection connection, String sql, CatalogAccess access, boolean rpcInput)
			throws SQLException {
		prefilter(sql);
		// Binding a file reader opens the file: refuse those from the parse tree first.
		this.files.check(connection, sql);
		// Macros may call opaque functions without naming them in the text: shadow them
		// all.
		List<OpaqueFunction> shadows = List.copyOf(this.opaqueFunctions.values());
		installShadows(connection, shadows);
		String json;
		try {
			json = planJson(connection, sql);
		}
		finally {
			removeShadows(connection, shadows);
		}
		JsonNode plan;
		try {
			plan = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw refuse("the statement could not be checked");
		}
		if (plan.path("error").asBoolean(false)) {
			throw bindError(plan, sql);
		}
		JsonNode plans = plan.path("plans");
		if (plans.size() != 1) {
			throw refuse("send exactly one SQL statement per request");
		}
		Findings findings = new Findings();
		walk(plans.get(0), findings, access, rpcInput);
		for (List<String> table : findings.reads) {
			checkTable(table, access, rpcInput, false, findings.policied);
		}
		for (List<String> table : findings.writes) {
			checkTable(table, access, rpcInput, true, findings.policied);
		}
		String root = plans.get(0).path("type").asString("");
		return new Checked(!findings.writes.isEmpty() || findings.ddl, findings.ddl, root,
				Set.copyOf(findings.keyedWrites), Set.copyOf(findings.reads), Set.copyOf(findings.writes),
				Set.copyOf(findings.policied));
	}

	/**
	 * Refuse, before DuckDB binds anything, texts with several statements and statement
	 * kinds that are never allowed (binding some of them already has effects).
	 */
	static void prefilter(String sql) {
		List<List<String>> statements = SqlStatements.leadingWords(sql);
		if (statements.size() > 1) {
			throw refuse("send exactly one SQL statement per request");
		}
		if (statements.isEmpty()) {
			return;
		}
		List<String> words = statements.get(0);
		String first = words.isEmpty() ? "" : words.get(0);
		if (NEVER.contains(first)) {
			throw refuse(first + " is not allowed");
		}
		if (first.equals("CREATE") && words.stream().anyMatch(SECRET::equals)) {
			throw refuse("CREATE SECRET is not allowed");
		}
	}

	private static final String SECRET = "SECRET";

	/**
	 * Return a statement's bound, unoptimised plan as DuckDB serialises it, without
	 * running it (the statement is a bound parameter, never prepared itself).
	 * @param connection where names resolve
	 * @param sql the statement
	 * @return the plan JSON, or DuckDB's error JSON
	 * @throws SQLException when DuckDB itself fails
	 */
	static String planJson(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_plan(?)")) {
			statement.setString(1, sql);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getString(1);
			}
		}
	}

	/**
	 * Return a statement's bound plan, parsed; a statement DuckDB cannot bind fails as
	 * DuckDB words it.
	 * @param connection where names resolve
	 * @param sql the statement
	 * @return the plan
	 * @throws SQLException when DuckDB itself fails
	 */
	static JsonNode boundPlan(Connection connection, String sql) throws SQLException {
		JsonNode plan;
		try {
			plan = JSON.readTree(planJson(connection, sql));
		}
		catch (JacksonException ex) {
			throw refuse("the statement could not be checked");
		}
		if (plan.path("error").asBoolean(false)) {
			throw bindError(plan, sql);
		}
		return plan;
	}

	/** Statement kinds refused outright, by their first keyword. */
	private static final Set<String> NEVER = Set.of("ATTACH", "DETACH", "USE", "SET", "RESET", "PRAGMA", "INSTALL",
			"FORCE", "LOAD", "UPDATE_EXTENSIONS", "COPY", "EXPORT", "IMPORT", "BEGIN", "START", "COMMIT", "ROLLBACK",
			"ABORT", "END", "CHECKPOINT", "CALL", "VACUUM", "PREPARE", "EXECUTE", "DEALLOCATE", "EXPLAIN");

	private static void installShadows(Connection connection, List<OpaqueFunction> shadows) throws SQLException {
		if (shadows.isEmpty()) {
			return;
		}
		try (Statement statement = connection.createStatement()) {
			for (OpaqueFunction shadow : shadows) {
				statement.execute(shadow.standInSql());
			}
		}
	}

	private static void removeShadows(Connection connection, List<OpaqueFunction> shadows) throws SQLException {
		if (shadows.isEmpty()) {
			return;
		}
		try (Statement statement = connection.createStatement()) {
			for (OpaqueFunction shadow : shadows) {
				statement.execute("DROP MACRO TABLE IF EXISTS temp.main." + quote(shadow.name()));
			}
		}
	}

	private void walk(JsonNode node, Findings findings, CatalogAccess access, boolean rpcInput) {
		if (node.isArray()) {
			for (JsonNode element : node) {
				walk(element, findings, access, rpcInput);
			}
			return;
		}
		if (!node.isObject()) {
			return;
		}
		String type = node.path("type").asString("");
		if (type.startsWith("LOGICAL_")) {
			operator(type, node, findings, access);
		}
		if (node.has("expression_class") && node.has("qname")) {
			scalar(node);
		}
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			JsonNode value = field.getValue();
			if (value.isContainer()) {
				walk(value, findings, access, rpcInput);
			}
		}
	}

	private void operator(String type, JsonNode node, Findings findings, CatalogAccess access) {
		if (type.equals("LOGICAL_GET")) {
			JsonNode table = node.path("function_data").path("qualified_name").path("path");
			if (table.isArray() && table.size() == 3) {
				findings.reads.add(strings(table));
				return;
			}
			List<String> function = strings(node.path("qname").path("path"));
			String name = function.isEmpty() ? "?" : function.get(function.size() - 1);
			boolean builtIn = function.size() == 3 && function.get(0).equals("system");
			if (!builtIn || !this.tableFunctions.contains(name.toLowerCase(Locale.ROOT))) {
				throw refuse("table function \"" + name + "\" is not allowed");
			}
			return;
		}
		if (WRITES.contains(type)) {
			JsonNode table = node.path("table_info").path("qualified_name").path("path");
			if (!table.isArray() || table.size() != 3) {
				throw refuse("the statement could not be checked");
			}
			findings.writes.add(strings(table));
			if (!type.equals("LOGICAL_INSERT")) {
				findings.keyedWrites.add(strings(table));
			}
			return;
		}
		if (RELATIONAL.contains(type)) {
			return;
		}
		if (DDL.contains(type)) {
			ddl(type, node, access);
			findings.ddl = true;
			return;
		}
		throw refuse(describe(type) + " is not allowed");
	}

	private static void ddl(String type, JsonNode node, CatalogAccess access) {
		JsonNode info = node.path("info");
		String catalog = info.path("catalog").asString("");
		List<String> path = strings(info.path("qualified_name").path("path"));
		if (!path.isEmpty() && !path.get(0).isEmpty()) {
			catalog = path.get(0);
		}
		if (info.path("temporary").asBoolean(false) || !catalog.equals(access.catalog())) {
			throw refuse(describe(type) + " outside catalog \"" + access.catalog() + "\" is not allowed");
		}
		if (type.equals("LOGICAL_DROP") && !DROPPABLE.contains(info.path("type").asString(""))) {
			throw refuse("DROP of " + info.path("type").asString("").replace("_ENTRY", "").toLowerCase(Locale.ROOT)
					+ " is not allowed");
		}
		if (type.equals("LOGICAL_ALTER") && !info.path("type").asString("").equals("ALTER_TABLE")
				&& !info.path("type").asString("").equals("ALTER_VIEW")) {
			throw refuse("ALTER of this kind is not allowed");
		}
		access.requireDdl(describe(type));
	}

	private static void scalar(JsonNode node) {
		List<String> path = strings(node.path("qname").path("path"));
		if (path.isEmpty()) {
			return;
		}
		String name = path.get(path.size() - 1).toLowerCase(Locale.ROOT);
		if (DENIED_SCALARS.contains(name)) {
			throw refuse("function \"" + name + "\" is not allowed");
		}
	}

	private static void checkTable(List<String> table, CatalogAccess access, boolean rpcInput, boolean write,
			Set<List<String>> policied) {
		String catalog = table.get(0);
		String schema = table.get(1);
		String name = table.get(2);
		if (rpcInput && !write && catalog.equals("temp") && schema.equals("main") && name.equals(RPC_INPUT)) {
			return;
		}
		if (!catalog.equals(access.catalog())) {
			throw refuse("the statement uses " + catalog + "." + schema + "." + name + ", outside catalog \""
					+ access.catalog() + "\"");
		}
		Permission permission = access.permission(schema, name);
		if (permission == null) {
			throw CatalogAccess.notFound(name);
		}
		// A table with row policies is reported to the caller, which must apply them
		// (PolicyBarrier, PolicyWrites) or refuse; the verbs are enforced there.
		if (access.policy(schema, name).map((policy) -> policy.asPermission() == null).orElse(false)) {
			policied.add(table);
			return;
		}
		if (write && permission != Permission.READWRITE) {
			throw access.readOnlyTable(schema + "." + name);
		}
	}

	static N6kException bindError(JsonNode plan, String sql) {
		String errorType = plan.path("error_type").asString("");
		String message = plan.path("error_message").asString("");
		if (message.contains("does not support serialization") || message.contains("Serialize not implemented")
				|| message.contains("Cannot plan statement") || message.startsWith("PRAGMA ")
				|| errorType.equals("extension autoloading")) {
			return refuse("the statement could not be checked, so it is not allowed");
		}
		ExceptionType type = DuckDbErrorTypes.forErrorType(errorType);
		if (type == ExceptionType.InternalException) {
			return refuse("the statement could not be checked, so it is not allowed");
		}
		JsonNode position = plan.get("position");
		if (position != null) {
			long length = 0;
			String location = plan.path("location").asString("");
			int comma = location.indexOf(',');
			if (comma > 0 && location.endsWith("]")) {
				try {
					length = Long.parseLong(location.substring(comma + 1, location.length() - 1));
				}
				catch (NumberFormatException ex) {
					length = 0;
				}
			}
			try {
				message = QueryErrorContext.format(sql, message, Long.parseLong(position.asString("")), length);
			}
			catch (NumberFormatException ex) {
				// no usable position: the message stands alone
			}
		}
		return new N6kException(type, message);
	}

	private static N6kException refuse(String why) {
		return N6kException.permission("n6k: " + why);
	}

	private static String describe(String type) {
		return type.substring("LOGICAL_".length()).replace('_', ' ');
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		for (JsonNode element : array) {
			values.add(element.asString(""));
		}
		return values;
	}

	private static String quote(String name) {
		return "\"" + name.replace("\"", "\"\"") + "\"";
	}

	private static final class Findings {

		final Set<List<String>> reads = new LinkedHashSet<>();

		final Set<List<String>> writes = new LinkedHashSet<>();

		final Set<List<String>> keyedWrites = new LinkedHashSet<>();

		final Set<List<String>> policied = new LinkedHashSet<>();

		boolean ddl;

	}

	/**
	 * What a checked statement does.
	 *
	 * @param writes whether it changes data or structure
	 * @param ddl whether it changes structure
	 * @param rootOperator the plan's root operator
	 * @param keyedWrites tables the statement updates or deletes from, as
	 * {@code [catalog, schema, table]}
	 * @param readTables tables the statement reads, as {@code [catalog, schema, table]}
	 * @param writtenTables tables the statement writes, as
	 * {@code [catalog, schema, table]}
	 * @param policiedTables tables it reads or writes whose row policies the caller must
	 * apply (or refuse the statement), as {@code [catalog, schema, table]}
	 */
	public record Checked(boolean writes, boolean ddl, String rootOperator, Set<List<String>> keyedWrites,
			Set<List<String>> readTables, Set<List<String>> writtenTables, Set<List<String>> policiedTables) {
	}

	/**
	 * An allowed table function DuckDB cannot serialise (a Java UDF, for instance). While
	 * a statement is checked it is shadowed by a temporary macro with the same name,
	 * arities and result columns whose body references every argument, so that anything
	 * an argument reads is still checked.
	 *
	 * @param name function name
	 * @param arities accepted numbers of positional arguments
	 * @param columns result columns as {@code name TYPE} pairs, in order
	 */
	public record OpaqueFunction(String name, List<Integer> arities, List<String> columns) {

		String standInSql() {
			StringJoiner overloads = new StringJoiner(", ");
			for (int arity : this.arities) {
				StringJoiner parameters = new StringJoiner(", ", "(", ")");
				StringJoiner arguments = new StringJoiner(", ");
				for (int i = 0; i < arity; i++) {
					parameters.add("p" + i);
					arguments.add("p" + i + " AS x" + i);
				}
				StringJoiner select = new StringJoiner(", ");
				for (String column : this.columns) {
					int space = column.indexOf(' ');
					select.add("CAST(NULL AS " + column.substring(space + 1) + ") AS "
							+ quote(column.substring(0, space)));
				}
				String from = (arity > 0) ? " FROM (SELECT " + arguments + ") AS __n6k_args" : "";
				overloads.add(parameters + " AS TABLE (SELECT " + select + from + ")");
			}
			return "CREATE OR REPLACE TEMP MACRO " + quote(this.name) + overloads;
		}

	}

}
