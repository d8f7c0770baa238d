package io.n6k.duckdb;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

import io.n6k.access.CatalogAccess;
import io.n6k.protocol.N6kException;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs an RPC call of a SQL macro of the served catalog (scalar or table) whose body
 * reads tables with row policies, behind the {@link PolicyBarrier}: the macro's
 * definition is read from {@code duckdb_functions()}, every policied table its body names
 * is rewritten to the copy of the rows its select policy lets through, and a
 * request-private temporary macro with the same parameters and the rewritten body is
 * called with the client's arguments (rendered values, never client SQL text). The final
 * plan must read only those copies, the pushed rows and the tables the original call read
 * without policies; anything else (a view, another macro or a table function that reaches
 * a policied table, overloads that cannot be told apart) is refused.
 *
 * @author n6k
 */
final class PolicyRpc {

	private static final JsonMapper JSON = JsonMapper.shared();

	/** The request-private macro a call runs. */
	static final String FUNCTION = "__n6k_rpc_fn";

	private final PolicyBarrier barrier;

	private final String catalog;

	private final String function;

	private @Nullable String created;

	PolicyRpc(CatalogAccess access, String function) {
		this.barrier = new PolicyBarrier(access, new PolicyBinding(access));
		this.catalog = access.catalog();
		this.function = function;
	}

	/**
	 * Prepare the call on the request's connection, inside its transaction.
	 * @param connection the request's connection
	 * @param scalar whether the function is called as a scalar macro
	 * @param arguments the rendered arguments, the pushed rows' first
	 * @param sql the call the guard checked
	 * @param checked what the guard found in it
	 * @param pushedInput whether the call reads pushed rows
	 * @return the statement to stream
	 * @throws SQLException on failure
	 */
	String prepare(DuckDBConnection connection, boolean scalar, List<String> arguments, String sql,
			SqlGuard.Checked checked, boolean pushedInput) throws SQLException {
		List<String> policied = checked.policiedTables().iterator().next();
		Overload overload = overload(connection, scalar, arguments.size(), policied);
		PolicyBarrier.requireNoReservedNames(overload.definition());
		String body = this.barrier.substitute(connection,
				scalar ? "SELECT " + overload.definition() : overload.definition(), null);
		StringJoiner parameters = new StringJoiner(", ");
		for (int i = 0; i < overload.parameters().size(); i++) {
			String type = overload.types().get(i);
			parameters.add(SqlRendering.identifier(overload.parameters().get(i))
					+ ((type != null && !type.isEmpty()) ? " " + type : ""));
		}
		String create = "CREATE OR REPLACE TEMP MACRO " + FUNCTION + "(" + parameters + ") AS "
				+ (scalar ? "(" + body + ")" : "TABLE " + body);
		try (Statement statement = connection.createStatement()) {
			statement.execute(create);
		}
		this.created = create;
		String call = "temp.main." + FUNCTION + "(" + String.join(", ", arguments) + ")";
		String result = scalar ? "SELECT " + call + " AS " + SqlRendering.identifier(this.function)
				: "SELECT * FROM " + call;
		verify(connection, sql, result, checked, pushedInput);
		return result;
	}

	/**
	 * Prepare a fresh connection to run the call again (for DuckDB's message).
	 * @param fresh the connection
	 * @throws SQLException on failure
	 */
	void prepareDiagnosis(DuckDBConnection fresh) throws SQLException {
		this.barrier.replay(fresh);
		if (this.created != null) {
			try (Statement statement = fresh.createStatement()) {
				statement.execute(this.created);
			}
		}
	}

	/**
	 * The refusal for a call whose reads of a policied table cannot be rewritten.
	 * @param function the function
	 * @param table the table as {@code [catalog, schema, table]}
	 * @return the exception
	 */
	static N6kException refused(String function, List<String> table) {
		return N6kException.permission("n6k: RPC function \"" + function + "\" reads table \"" + table.get(1) + "."
				+ table.get(2) + "\", which has row policies, other than by naming it in its own SQL macro body; "
				+ "it is refused");
	}

	private Overload overload(DuckDBConnection connection, boolean scalar, int arguments, List<String> policied)
			throws SQLException {
		List<List<@Nullable Object>> rows = DuckDbJdbc.rows(connection,
				"SELECT function_type, to_json(parameters)::VARCHAR, to_json(parameter_types)::VARCHAR, "
						+ "macro_definition FROM duckdb_functions() WHERE database_name = ? AND schema_name = 'main' "
						+ "AND lower(function_name) = lower(?)",
				this.catalog, this.function);
		String wanted = scalar ? "macro" : "table_macro";
		List<Overload> candidates = new ArrayList<>();
		for (List<@Nullable Object> row : rows) {
			if (!wanted.equals(row.get(0)) || row.get(3) == null) {
				throw refused(this.function, policied);
			}
			List<String> names = strings(String.valueOf(row.get(1)));
			List<@Nullable String> types = nullableStrings(String.valueOf(row.get(2)));
			if (names.size() != types.size()) {
				throw refused(this.function, policied);
			}
			// Macros have no varargs, but an overload with more parameters may take
			// defaults, which duckdb_functions() does not show.
			if (names.size() >= arguments) {
				candidates.add(new Overload(names, types, String.valueOf(row.get(3))));
			}
		}
		if (rows.isEmpty()) {
			throw refused(this.function, policied);
		}
		if (candidates.size() != 1 || candidates.get(0).parameters().size() != arguments) {
			throw N6kException.permission(
					"n6k: RPC function \"" + this.function + "\" reads tables with row policies and its overload for "
							+ arguments + " argument(s) cannot be determined with certainty; it is refused");
		}
		return candidates.get(0);
	}

	/** The final plan reads only what it may: copies, pushed rows, unpolicied reads. */
	private void verify(Connection connection, String original, String sql, SqlGuard.Checked checked,
			boolean pushedInput) throws SQLException {
		Reads before = reads(connection, original);
		Reads after = reads(connection, sql);
		for (List<String> table : after.tables) {
			String schema = table.get(1);
			String name = table.get(2);
			if (table.get(0).equals("temp") && schema.equals("main")
					&& (name.startsWith("__n6k_v_") || (pushedInput && name.equals(SqlGuard.RPC_INPUT)))) {
				continue;
			}
			if (table.get(0).equals(this.catalog) && this.barrier.policied(schema, name)) {
				throw refused(this.function, table);
			}
			if (!checked.readTables().contains(table)) {
				throw PolicyBarrier.refuse("the RPC call could not be checked");
			}
		}
		if (!before.functions.containsAll(after.functions)) {
			throw PolicyBarrier.refuse("the RPC call could not be checked");
		}
	}

	private static Reads reads(Connection connection, String sql) throws SQLException {
		JsonNode plan = SqlGuard.boundPlan(connection, sql);
		Reads reads = new Reads();
		collect(plan.path("plans"), reads);
		return reads;
	}

	private static void collect(JsonNode node, Reads reads) {
		if (node.isObject() && node.path("type").asString("").equals("LOGICAL_GET")) {
			JsonNode path = node.path("function_data").path("qualified_name").path("path");
			if (path.isArray() && path.size() == 3) {
				reads.tables.add(List.of(path.get(0).asString(""), path.get(1).asString(""), path.get(2).asString("")));
			}
			else {
				reads.functions.add(node.path("qname").toString().toLowerCase(Locale.ROOT));
			}
		}
		if (node.isContainer()) {
			for (JsonNode child : node) {
				collect(child, reads);
			}
		}
	}

	private static List<String> strings(String json) {
		List<String> values = new ArrayList<>();
		for (JsonNode element : tree(json)) {
			values.add(element.asString(""));
		}
		return values;
	}

	private static List<@Nullable String> nullableStrings(String json) {
		List<@Nullable String> values = new ArrayList<>();
		for (JsonNode element : tree(json)) {
			values.add(element.isNull() ? null : element.asString(""));
		}
		return values;
	}

	private static JsonNode tree(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw PolicyBarrier.refuse("the RPC call could not be checked");
		}
	}

	private record Overload(List<String> parameters, List<@Nullable String> types, String definition) {
	}

	private static final class Reads {

		final Set<List<String>> tables = new HashSet<>();

		final Set<String> functions = new HashSet<>();

	}

}
