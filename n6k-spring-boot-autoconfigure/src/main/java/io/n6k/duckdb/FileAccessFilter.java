package io.n6k.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.n6k.duckdb.SqlStatements.Token;
import io.n6k.protocol.N6kException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses, before DuckDB binds anything, SQL that could make DuckDB open a file or reach
 * the network while binding it: binding a file reader already opens the file (lab §6.2),
 * so a check that binds first and refuses afterwards tells clients which files exist.
 * <p>
 * A SELECT (also {@code FROM …}, {@code VALUES}, {@code DESCRIBE}, {@code SUMMARIZE}, set
 * operations, CTEs) is read from DuckDB's own <em>parse</em> tree
 * ({@code json_serialize_sql} parses without binding): every table function must be on
 * the allow-list, a table macro whose body passes, {@code query('…')} over a SELECT that
 * passes, or {@code query_table} over plain table names; every table name that DuckDB
 * could read as a file (a replacement scan such as {@code FROM 'x.csv'} or
 * {@code FROM x.csv}) is refused; scalar macros are checked by their bodies. Other
 * statements, which DuckDB only serialises once bound, are read token by token: any call
 * of a table function outside the allow-list, of {@code query}/{@code query_table} or of
 * a macro whose body fails is refused, and so is any string literal or file-like name
 * where a table may stand. Every answer depends on the SQL text and the catalog's
 * functions only, never on the file system.
 * <p>
 * The database's functions are read with {@code duckdb_functions()} (tens of
 * milliseconds) and reused for up to a second; a name the last read does not know (a
 * macro created since) forces a new read. One filter serves one DuckDB instance.
 *
 * @author n6k
 */
final class FileAccessFilter {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final int MAX_DEPTH = 8;

	/** How long a read of the database's functions is reused for names it knows. */
	private static final long FUNCTIONS_TTL_NANOS = 1_000_000_000L;

	/** Names DuckDB reads as files (replacement scans), by their last extension. */
	private static final Set<String> FILE_EXTENSIONS = Set.of("csv", "tsv", "psv", "txt", "text", "tbl", "dat",
			"parquet", "parq", "pq", "json", "jsonl", "ndjson", "geojson", "db", "duckdb", "ddb", "sqlite", "sqlite3",
			"db3", "xlsx", "xls", "arrow", "arrows", "ipc", "feather", "avro", "orc", "iceberg", "delta", "lance",
			"vortex", "gz", "zst", "bz2", "xz", "lz4", "zip", "br", "snappy");

	/** Characters no table name needs and every path or glob pattern has. */
	private static final String PATH_CHARACTERS = "/\\:*?[]{}~'\"";

	/** Table functions that bind other SQL or table names given as strings. */
	private static final Set<String> INDIRECT = Set.of("query", "query_table");

	/** Keywords after which a table may stand. */
	private static final Set<String> TABLE_POSITION = Set.of("FROM", "JOIN", "USING", "INTO", "TABLE", "UPDATE",
			"LATERAL", "TRUNCATE", "PIVOT", "UNPIVOT", "PIVOT_WIDER", "PIVOT_LONGER", "DESCRIBE", "SHOW", "SUMMARIZE");

	/** Keywords that end a FROM list (a comma after them does not introduce a table). */
	private static final Set<String> CLAUSES = Set.of("SELECT", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET",
			"QUALIFY", "WINDOW", "SET", "VALUES", "RETURNING", "WHEN", "THEN", "ELSE", "UNION", "EXCEPT", "INTERSECT",
			"DO");

	private static final String PLAIN_NAME = "[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}";

	private final Set<String> allowedTableFunctions;

	private final Set<String> deniedScalars;

	private volatile @Nullable Functions functions;

	FileAccessFilter(Set<String> allowedTableFunctions, Set<String> deniedScalars) {
		this.allowedTableFunctions = Set.copyOf(allowedTableFunctions);
		this.deniedScalars = Set.copyOf(deniedScalars);
	}

	/**
	 * Refuse the statement unless binding it can open no file.
	 * @param connection the request's connection (used for parsing and function look-ups)
	 * @param sql one statement
	 * @throws N6kException PermissionException when refused
	 * @throws SQLException when DuckDB itself fails
	 */
	void check(Connection connection, String sql) throws SQLException {
		new Run(connection).statement(sql);
	}

	/** Whether DuckDB could read the (joined) table name as a file or URL. */
	static boolean fileLike(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		for (int i = 0; i < PATH_CHARACTERS.length(); i++) {
			if (lower.indexOf(PATH_CHARACTERS.charAt(i)) >= 0) {
				return true;
			}
		}
		int dot = lower.lastIndexOf('.');
		return dot >= 0 && FILE_EXTENSIONS.contains(lower.substring(dot + 1));
	}

	private static N6kException refuse(String why) {
		return N6kException.permission("n6k: " + why);
	}

	private static N6kException fileName(String name) {
		return refuse("\"" + name + "\" is not a table here; reading files is not allowed");
	}

	/** One check: caches the catalog's macros for its duration. */
	private final class Run {

		private final Connection connection;

		private @Nullable Functions functions;

		private boolean reloaded;

		/** The arguments of the macro whose body is being checked, by parameter name. */
		private Map<String, JsonNode> bindings = Map.of();

		Run(Connection connection) {
			this.connection = connection;
		}

		void statement(String sql) throws SQLException {
			JsonNode parsed = serialize(sql);
			if (!parsed.path("error").asBoolean(false)) {
				tree(parsed.path("statements"), 0);
				return;
			}
			if (parsed.path("error_type").asString("").equals("parser")) {
				// It does not parse: DuckDB reports that before binding anything.
				return;
			}
			// Not a SELECT ("Only SELECT statements can be serialized"), or a SELECT
			// DuckDB
			// cannot serialise: read its tokens.
			tokens(SqlStatements.tokens(sql));
		}

		private JsonNode serialize(String sql) throws SQLException {
			try (PreparedStatement statement = this.connection.prepareStatement("SELECT json_serialize_sql(?)")) {
				statement.setString(1, sql);
				try (ResultSet rs = statement.executeQuery()) {
					rs.next();
					return JSON.readTree(rs.getString(1));
				}
			}
			catch (JacksonException ex) {
				throw refuse("the statement could not be checked");
			}
		}

		/**
		 * Check a SELECT given as text (a macro body, {@code query('…')}) at some depth.
		 */
		private void select(String sql, int depth) throws SQLException {
			if (depth > MAX_DEPTH) {
				throw refuse("macros and queries nest too deeply to be checked");
			}
			JsonNode parsed = serialize(sql);
			if (parsed.path("error").asBoolean(false) || parsed.path("statements").size() != 1) {
				throw refuse("the statement could not be checked, so it is not allowed");
			}
			tree(parsed.path("statements"), depth);
		}

		private void tree(JsonNode node, int depth) throws SQLException {
			if (node.isArray()) {
				for (JsonNode element : node) {
					tree(element, depth);
				}
				return;
			}
			if (!node.isObject()) {
				return;
			}
			String type = node.path("type").asString("");
			if (type.equals("BASE_TABLE") || type.equals("SHOW_REF")) {
				List<String> path = strings(node.path("qualified_name").path("path"));
				if (path.isEmpty()) {
					for (String part : List.of("catalog_name", "schema_name", "table_name")) {
						if (!node.path(part).asString("").isEmpty()) {
							path.add(node.path(part).asString(""));
						}
					}
				}
				String joined = String.join(".", path);
				if (path.stream().anyMatch((part) -> part.indexOf('.') >= 0) || fileLike(joined)) {
					throw fileName(joined);
				}
			}
			if (type.equals("TABLE_FUNCTION")) {
				tableFunction(node.path("function"), depth);
			}
			else if (node.path("class").asString("").equals("FUNCTION")) {
				scalar(node, depth);
			}
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				JsonNode value = field.getValue();
				if (value.isContainer()) {
					tree(value, depth);
				}
			}
		}

		private void tableFunction(JsonNode function, int depth) throws SQLException {
			String name = function.path("function_name").asString("").toLowerCase(Locale.ROOT);
			String catalog = function.path("catalog").asString("");
			String schema = function.path("schema").asString("");
			boolean builtIn = (catalog.isEmpty() || catalog.equals("system"))
					&& (schema.isEmpty() || schema.equals("main"));
			// A macro in a served catalog may shadow a built-in of the same name: check
			// it too.
			List<Macro> bodies = functions(name).macros().get(name);
			boolean macro = false;
			if (bodies != null) {
				for (Macro candidate : bodies) {
					if (candidate.table()) {
						macro(candidate, function.path("arguments"), depth);
						macro = true;
					}
				}
			}
			if (builtIn && name.equals("query")) {
				JsonNode sql = onlyArgument(function);
				if (sql == null || !isString(sql)) {
					throw refuse("table function \"query\" takes one constant SELECT here");
				}
				select(sql.path("literal").path("text").asString(""), depth + 1);
				return;
			}
			boolean allowed = FileAccessFilter.this.allowedTableFunctions.contains(name);
			if (builtIn && name.equals("query_table") && allowed) {
				queryTable(function);
				return;
			}
			if (builtIn && allowed) {
				return;
			}
			if (macro && !(builtIn && functions(name).tableFunctions().contains(name))) {
				return;
			}
			if (!macro && !functions(name).tableFunctions().contains(name)) {
				// No such table function: the binder says so, without touching anything.
				return;
			}
			throw refuse("table function \"" + function.path("function_name").asString("") + "\" is not allowed");
		}

		/** {@code query_table} reads table names given as strings: plain names only. */
		private void queryTable(JsonNode function) {
			for (JsonNode argument : function.path("arguments")) {
				JsonNode expression = resolve(argument.path("expression"));
				if (!argument.path("name").asString("").isEmpty()) {
					if (!expression.path("class").asString("").equals("CONSTANT")) {
						throw refuse("query_table takes constant arguments only");
					}
					continue;
				}
				List<JsonNode> names = new ArrayList<>();
				if (expression.path("class").asString("").equals("FUNCTION")
						&& expression.path("function_name").asString("").equals("list_value")) {
					expression.path("arguments").forEach((element) -> names.add(resolve(element.path("expression"))));
				}
				else {
					names.add(expression);
				}
				for (JsonNode name : names) {
					if (!isString(name)) {
						throw refuse("query_table takes constant table names only");
					}
					String text = name.path("literal").path("text").asString("");
					if (!text.matches(PLAIN_NAME) || fileLike(text)) {
						throw fileName(text);
					}
				}
			}
		}

		private void scalar(JsonNode node, int depth) throws SQLException {
			String name = node.path("function_name").asString("").toLowerCase(Locale.ROOT);
			if (FileAccessFilter.this.deniedScalars.contains(name)) {
				throw refuse("function \"" + name + "\" is not allowed");
			}
			List<Macro> bodies = functions(name).macros().get(name);
			if (bodies != null) {
				for (Macro macro : bodies) {
					if (!macro.table()) {
						macro(macro, node.path("arguments"), depth);
					}
				}
			}
		}

		private void macro(Macro macro, JsonNode arguments, int depth) throws SQLException {
			Map<String, JsonNode> bound = new HashMap<>();
			int position = 0;
			for (JsonNode argument : arguments) {
				String name = argument.path("name").asString("");
				String parameter = name.isEmpty()
						? ((position < macro.parameters().size()) ? macro.parameters().get(position++) : null) : name;
				if (parameter != null) {
					bound.put(parameter.toLowerCase(Locale.ROOT), resolve(argument.path("expression")));
				}
			}
			Map<String, JsonNode> outer = this.bindings;
			this.bindings = bound;
			try {
				select(macro.table() ? macro.definition() : "SELECT " + macro.definition(), depth + 1);
			}
			finally {
				this.bindings = outer;
			}
		}

		/** An expression, or the argument a macro parameter stands for. */
		private JsonNode resolve(JsonNode expression) {
			if (expression.path("class").asString("").equals("COLUMN_REF")
					&& expression.path("column_names").size() == 1) {
				JsonNode bound = this.bindings
					.get(expression.path("column_names").get(0).asString("").toLowerCase(Locale.ROOT));
				if (bound != null) {
					return bound;
				}
			}
			return expression;
		}

		/**
		 * Non-SELECT statements: function calls anywhere, names where tables may stand.
		 */
		private void tokens(List<Token> tokens) throws SQLException {
			Map<Integer, Boolean> fromList = new HashMap<>();
			int depth = 0;
			boolean tableNext = false;
			for (int i = 0; i < tokens.size(); i++) {
				Token token = tokens.get(i);
				Token next = (i + 1 < tokens.size()) ? tokens.get(i + 1) : null;
				if (token.kind() == Token.Kind.WORD && token.text().equalsIgnoreCase("U") && next != null
						&& next.is("&")) {
					throw refuse("Unicode escapes are not allowed in this statement");
				}
				if (tableNext) {
					tableNext = false;
					if (token.kind() == Token.Kind.STRING) {
						throw fileName(token.text());
					}
					if (token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.QUOTED) {
						List<String> path = new ArrayList<>();
						int j = i;
						path.add(tokens.get(j).text());
						while (j + 2 < tokens.size() && tokens.get(j + 1).is(".")
								&& (tokens.get(j + 2).kind() == Token.Kind.WORD
										|| tokens.get(j + 2).kind() == Token.Kind.QUOTED
										|| tokens.get(j + 2).kind() == Token.Kind.STRING)) {
							if (tokens.get(j + 2).kind() == Token.Kind.STRING) {
								throw fileName(tokens.get(j + 2).text());
							}
							path.add(tokens.get(j + 2).text());
							j += 2;
						}
						String joined = String.join(".", path);
						boolean quotedDot = false;
						for (int k = i; k <= j; k += 2) {
							quotedDot |= tokens.get(k).kind() == Token.Kind.QUOTED
									&& tokens.get(k).text().indexOf('.') >= 0;
						}
						if (quotedDot || fileLike(joined)) {
							throw fileName(joined);
						}
						if (token.kind() == Token.Kind.WORD
								&& TABLE_POSITION.contains(token.text().toUpperCase(Locale.ROOT))) {
							tableNext = true;
						}
					}
				}
				if (token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.QUOTED) {
					if (next != null && next.is("(")) {
						call(token.kind() == Token.Kind.WORD ? token.text().toLowerCase(Locale.ROOT) : token.text());
					}
				}
				if (token.is("(")) {
					depth++;
					fromList.put(depth, false);
					continue;
				}
				if (token.is(")")) {
					fromList.remove(depth);
					depth = Math.max(0, depth - 1);
					continue;
				}
				if (token.kind() == Token.Kind.WORD) {
					String word = token.text().toUpperCase(Locale.ROOT);
					if (TABLE_POSITION.contains(word)) {
						tableNext = true;
						fromList.put(depth, word.equals("FROM") || word.equals("JOIN") || word.equals("USING"));
					}
					else if (CLAUSES.contains(word)) {
						fromList.put(depth, false);
					}
				}
				if (token.is(",") && fromList.getOrDefault(depth, false)) {
					tableNext = true;
				}
			}
		}

		private void call(String name) throws SQLException {
			if (FileAccessFilter.this.deniedScalars.contains(name) || INDIRECT.contains(name)) {
				throw refuse("function \"" + name + "\" is not allowed in this statement");
			}
			if (functions(name).tableFunctions().contains(name)
					&& !FileAccessFilter.this.allowedTableFunctions.contains(name)) {
				throw refuse("table function \"" + name + "\" is not allowed");
			}
			List<Macro> bodies = functions(name).macros().get(name);
			if (bodies != null) {
				for (Macro macro : bodies) {
					macro(macro, JSON.createArrayNode(), 1);
				}
			}
		}

		/**
		 * The functions of the database, read again when this check meets a name they do
		 * not know (such as a macro created since they were read).
		 */
		private Functions functions(String name) throws SQLException {
			Functions current = (this.functions != null) ? this.functions : cached(this.connection);
			if (!this.reloaded && !current.known().contains(name)) {
				current = reload(this.connection);
				this.reloaded = true;
			}
			this.functions = current;
			return current;
		}

	}

	private Functions cached(Connection connection) throws SQLException {
		Functions current = this.functions;
		if (current == null || System.nanoTime() - current.readAt() > FUNCTIONS_TTL_NANOS) {
			current = reload(connection);
		}
		return current;
	}

	/**
	 * Read macros and table functions in one scan of {@code duckdb_functions()} (tens of
	 * milliseconds, so it is shared between checks for a short while).
	 */
	private Functions reload(Connection connection) throws SQLException {
		Map<String, List<Macro>> macros = new HashMap<>();
		Set<String> tableFunctions = new HashSet<>();
		Set<String> known = new HashSet<>();
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT lower(function_name), function_type, database_name = 'system', macro_definition, parameters "
						+ "FROM duckdb_functions()");
				ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				String name = rs.getString(1);
				String type = rs.getString(2);
				boolean system = rs.getBoolean(3);
				known.add(name);
				if (type.equals("table") || (system && type.equals("table_macro"))) {
					tableFunctions.add(name);
				}
				if (!system && (type.equals("macro") || type.equals("table_macro"))) {
					macros.computeIfAbsent(name, (key) -> new ArrayList<>())
						.add(new Macro(type.equals("table_macro"), String.valueOf(rs.getString(4)), parameters(rs)));
				}
			}
		}
		Functions functions = new Functions(Map.copyOf(macros), Set.copyOf(tableFunctions), Set.copyOf(known),
				System.nanoTime());
		this.functions = functions;
		return functions;
	}

	/**
	 * A database's functions as read at one moment.
	 *
	 * @param macros the non-system macros by lower-case name
	 * @param tableFunctions every table function name, and system table macros
	 * @param known every function name
	 * @param readAt {@link System#nanoTime()} when read
	 */
	private record Functions(Map<String, List<Macro>> macros, Set<String> tableFunctions, Set<String> known,
			long readAt) {
	}

	private static @Nullable JsonNode onlyArgument(JsonNode function) {
		JsonNode arguments = function.path("arguments");
		if (arguments.size() != 1 || !arguments.get(0).path("name").asString("").isEmpty()) {
			return null;
		}
		return arguments.get(0).path("expression");
	}

	private static boolean isString(JsonNode expression) {
		return expression.path("class").asString("").equals("CONSTANT")
				&& expression.path("literal").path("kind").asString("").equals("STRING");
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		for (JsonNode element : array) {
			values.add(element.asString(""));
		}
		return values;
	}

	private static List<String> parameters(ResultSet rs) throws SQLException {
		List<String> names = new ArrayList<>();
		java.sql.Array array = rs.getArray(5);
		if (array != null) {
			for (Object name : (Object[]) array.getArray()) {
				names.add(String.valueOf(name));
			}
		}
		return names;
	}

	private record Macro(boolean table, String definition, List<String> parameters) {
	}

}
