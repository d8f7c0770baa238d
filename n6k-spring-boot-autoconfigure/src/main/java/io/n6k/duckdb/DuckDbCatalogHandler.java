package io.n6k.duckdb;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;

import io.n6k.access.CatalogAccess;
import io.n6k.access.Permission;
import io.n6k.backend.AlterAction;
import io.n6k.backend.ArrowPayload;
import io.n6k.backend.CatalogHandler;
import io.n6k.backend.ColumnDefinition;
import io.n6k.backend.RequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;
import io.n6k.backend.RpcCall;
import io.n6k.backend.RpcFunction;
import io.n6k.backend.TableRef;
import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.N6kException;
import io.n6k.protocol.TableInfo;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves one catalog of a DuckDB database: every op, each on its own connection, with
 * the catalog's access rules applied on every path (structured ops by name, raw SQL and
 * RPC through the {@link SqlGuard}).
 *
 * @author n6k
 * @since 0.1.0
 */
public final class DuckDbCatalogHandler implements CatalogHandler {

	/** Rows per batch for results of arbitrary SQL: one DuckDB vector, so slow sources stream. */
	static final long STREAMING_BATCH_ROWS = 2048;

	private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog");

	private final DuckDbDatabase database;

	private final CatalogAccess access;

	private final SqlGuard guard;

	private final Map<String, RpcFunction> rpcFunctions;

	private final String catalog;

	private final Introspection introspection;

	/**
	 * Create a handler.
	 * @param database the database
	 * @param access what clients may do in the catalog
	 * @param guard checks raw SQL and RPC calls
	 * @param rpcFunctions host functions by name
	 */
	public DuckDbCatalogHandler(DuckDbDatabase database, CatalogAccess access, SqlGuard guard,
			Map<String, RpcFunction> rpcFunctions) {
		this.database = database;
		this.access = access;
		this.guard = guard;
		this.rpcFunctions = Map.copyOf(rpcFunctions);
		this.catalog = access.catalog();
		this.introspection = new Introspection(database, access);
	}

	public CatalogAccess access() {
		return this.access;
	}

	public DuckDbDatabase database() {
		return this.database;
	}

	// ---------------------------------------------------------------- metadata

	@Override
	public Result catalogList(RequestContext context) throws SQLException {
		List<String> schemas = new ArrayList<>();
		for (List<@Nullable Object> row : this.database
			.query("SELECT schema_name FROM duckdb_schemas() WHERE database_name = ?", this.catalog)) {
			String name = (String) row.get(0);
			if (!SYSTEM_SCHEMAS.contains(name)) {
				schemas.add(name);
			}
		}
		schemas.sort(Comparator.naturalOrder());
		return Result.schemas(this.access.visibleSchemas(schemas));
	}

	@Override
	public Result tablesList(RequestContext context, Requests.TablesList request) throws SQLException {
		boolean attachedReadOnly = this.database.isReadOnly(this.catalog);
		Map<String, List<String>> keys = new LinkedHashMap<>();
		for (List<@Nullable Object> row : this.database.query(
				"SELECT schema_name, table_name, constraint_column_names FROM duckdb_constraints() "
						+ "WHERE database_name = ? AND constraint_type = 'PRIMARY KEY'",
				this.catalog)) {
			keys.put(row.get(0) + "\u0000" + row.get(1), stringList(row.get(2)));
		}
		List<TableInfo> tables = new ArrayList<>();
		List<List<@Nullable Object>> entries = this.database.query(
				"SELECT schema_name, table_name, false FROM duckdb_tables() WHERE database_name = ? AND NOT temporary "
						+ "UNION ALL SELECT schema_name, view_name, true FROM duckdb_views() "
						+ "WHERE database_name = ? AND NOT internal AND NOT temporary",
				this.catalog, this.catalog);
		for (List<@Nullable Object> row : entries) {
			String schema = (String) row.get(0);
			String name = (String) row.get(1);
			boolean view = Boolean.TRUE.equals(row.get(2));
			if (request.schema() != null && !schema.equalsIgnoreCase(request.schema())) {
				continue;
			}
			Permission permission = this.access.permission(schema, name);
			if (permission == null) {
				continue;
			}
			if (view) {
				tables.add(new TableInfo(schema, name, false, false, List.of()));
				continue;
			}
			List<String> key = this.access.primaryKey(schema, name)
				.orElseGet(() -> keys.getOrDefault(schema + "\u0000" + name, List.of()));
			boolean writable = permission == Permission.READWRITE && !attachedReadOnly;
			boolean editable = writable && this.access.allowsDdl();
			tables.add(new TableInfo(schema, name, writable, editable, key));
		}
		tables.sort(Comparator.comparing((TableInfo t) -> t.schema().toLowerCase(Locale.ROOT))
			.thenComparing((t) -> t.name().toLowerCase(Locale.ROOT)));
		return Result.tables(tables);
	}

	@Override
	public Result tableSchema(RequestContext context, TableRef table) throws SQLException {
		this.access.requireVisible(table);
		try (ArrowQuerySource source = openQuery(context, "SELECT * FROM " + Sql.table(this.catalog, table) + " LIMIT 0",
				STREAMING_BATCH_ROWS)) {
			return Result.schema(source.schema());
		}
	}

	// ---------------------------------------------------------------- reads

	@Override
	public Result scan(RequestContext context, Requests.Scan request) throws SQLException {
		this.access.requireVisible(request.table());
		String sql = Sql.scan(this.catalog, request.table(), request.columns(), request.filters());
		return Result.stream(openQuery(context, sql, 0));
	}

	@Override
	public Result aggregate(RequestContext context, Requests.AggregateQuery request) throws SQLException {
		this.access.requireVisible(request.table());
		String sql = Sql.aggregate(this.catalog, request.table(), request.groupBy(), request.aggregates(),
				request.filters());
		return Result.stream(openQuery(context, sql, STREAMING_BATCH_ROWS));
	}

	// ---------------------------------------------------------------- writes

	@Override
	public Result insert(RequestContext context, Requests.Insert request) throws SQLException {
		this.access.requireWritable(request.table());
		try (DuckDBConnection connection = this.database.connect()) {
			String view = "__n6k_insert_" + UUID.randomUUID().toString().replace("-", "");
			try (ArrowArrayStream stream = register(connection, view, request.rows(), context.allocator());
					Statement statement = connection.createStatement()) {
				statement.execute("INSERT INTO " + Sql.table(this.catalog, request.table()) + " SELECT * FROM "
						+ Sql.identifier(view));
			}
			catch (SQLException ex) {
				throw DuckDbErrors.translate(ex);
			}
		}
		return Result.rowCount(request.rows().rowCount());
	}

	@Override
	public Result createTable(RequestContext context, Requests.CreateTable request) throws SQLException {
		this.access.requireDdl("CREATE TABLE");
		try (DuckDBConnection connection = this.database.connect()) {
			StringJoiner columns = new StringJoiner(", ", " (", ")");
			for (ColumnDefinition column : request.columns()) {
				columns.add(Sql.identifier(column.name()) + " " + checkedType(connection, column.type()));
			}
			execute(connection, "CREATE TABLE " + Sql.table(this.catalog, new TableRef(request.schema(), request.name()))
					+ columns);
		}
		return Result.ok();
	}

	@Override
	public Result alterTable(RequestContext context, Requests.AlterTable request) throws SQLException {
		this.access.requireDdl("ALTER TABLE");
		this.access.requireVisible(request.table());
		String table = "ALTER TABLE " + Sql.table(this.catalog, request.table());
		try (DuckDBConnection connection = this.database.connect()) {
			String sql;
			if (request.action() instanceof AlterAction.AddColumn add) {
				sql = table + " ADD COLUMN " + Sql.identifier(add.column().name()) + " "
						+ checkedType(connection, add.column().type());
			}
			else if (request.action() instanceof AlterAction.DropColumn drop) {
				sql = table + " DROP COLUMN " + Sql.identifier(drop.name());
			}
			else {
				AlterAction.RenameColumn rename = (AlterAction.RenameColumn) request.action();
				sql = table + " RENAME COLUMN " + Sql.identifier(rename.oldName()) + " TO "
						+ Sql.identifier(rename.newName());
			}
			execute(connection, sql);
		}
		return Result.ok();
	}

	// ---------------------------------------------------------------- raw SQL

	@Override
	public Result exec(RequestContext context, Requests.Sql request) throws SQLException {
		Introspection.Route route = introspect(request.sql());
		if (route != null && route.mirror() != null) {
			try (DuckDBConnection mirror = route.mirror(); Statement statement = mirror.createStatement()) {
				statement.execute(request.sql());
				try (ResultSet rs = statement.getResultSet()) {
					return Result.rowCount(firstCellAsLong(rs));
				}
			}
			catch (SQLException | RuntimeException ex) {
				throw DuckDbErrors.translate(ex);
			}
		}
		try (DuckDBConnection connection = this.database.connect()) {
			if (route != null) {
				useServedCatalog(connection);
			}
			connection.setAutoCommit(false);
			try {
				requireKeys(this.guard.check(connection, request.sql(), this.access, false));
				long rowCount;
				try (Statement statement = connection.createStatement()) {
					if (statement.execute(request.sql())) {
						try (ResultSet rs = statement.getResultSet()) {
							rowCount = firstCellAsLong(rs);
						}
					}
					else {
						rowCount = Math.max(0, statement.getUpdateCount());
					}
				}
				connection.commit();
				return Result.rowCount(rowCount);
			}
			catch (SQLException | RuntimeException ex) {
				rollback(connection);
				throw DuckDbErrors.translate(ex);
			}
		}
	}

	@Override
	public Result query(RequestContext context, Requests.Sql request) throws SQLException {
		Introspection.Route route = introspect(request.sql());
		DuckDBConnection mirror = (route != null) ? route.mirror() : null;
		if (mirror != null) {
			context.onCancel(() -> closeQuietly(mirror));
			try {
				return Result.stream(ArrowQuerySource.open(mirror, request.sql(), context.allocator(),
						STREAMING_BATCH_ROWS, false, true));
			}
			catch (SQLException | RuntimeException ex) {
				closeQuietly(mirror);
				throw DuckDbErrors.translate(ex);
			}
		}
		DuckDBConnection connection = connect(context);
		try {
			if (route != null) {
				useServedCatalog(connection);
			}
			connection.setAutoCommit(false);
			SqlGuard.Checked checked = requireKeys(this.guard.check(connection, request.sql(), this.access, false));
			return Result.stream(ArrowQuerySource.open(connection, request.sql(), context.allocator(),
					STREAMING_BATCH_ROWS, true, !checked.writes()));
		}
		catch (SQLException | RuntimeException ex) {
			closeQuietly(connection);
			throw DuckDbErrors.translate(ex);
		}
	}

	/** Where a statement that may be a metadata query runs, or {@code null}. */
	private Introspection.@Nullable Route introspect(String sql) throws SQLException {
		try {
			return this.introspection.route(sql);
		}
		catch (SQLException | RuntimeException ex) {
			throw DuckDbErrors.translate(ex);
		}
	}

	/** Resolve unqualified names in the served catalog, as the mirror did. */
	private void useServedCatalog(DuckDBConnection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("USE " + Sql.identifier(this.catalog));
		}
	}

	// ---------------------------------------------------------------- RPC

	@Override
	public Result rpc(RequestContext context, Requests.Rpc request) throws Exception {
		RpcFunction host = this.rpcFunctions.get(request.function());
		if (host != null) {
			return Result.stream(host.open(new RpcCall(request.args(), request.input(), context)));
		}
		DuckDBConnection connection = connect(context);
		try {
			connection.setAutoCommit(false);
			String target;
			boolean tableParameter;
			List<List<@Nullable Object>> found = lookupFunction(connection, request.function());
			if (!found.isEmpty()) {
				target = Sql.identifier(this.catalog) + ".\"main\"." + Sql.identifier(request.function());
				tableParameter = found.stream().anyMatch((row) -> Boolean.TRUE.equals(row.get(0)));
			}
			else {
				target = Sql.identifier(request.function());
				tableParameter = hasTableParameter(connection, request.function());
			}
			StringJoiner arguments = new StringJoiner(", ");
			if (request.table()) {
				if (request.input() == null) {
					throw N6kException.invalidInput("n6k_server: OP_RPC_TABLE requires an Arrow IPC body for \""
							+ request.function() + "\"");
				}
				stageInput(connection, request.input(), context.allocator());
				arguments.add(tableParameter ? "(SELECT * FROM " + Sql.identifier(SqlGuard.RPC_INPUT) + ")"
						: Sql.string(SqlGuard.RPC_INPUT));
			}
			request.args().forEach((arg) -> arguments.add(Sql.value(arg)));
			String sql = "SELECT * FROM " + target + "(" + arguments + ")";
			this.guard.check(connection, sql, this.access, request.table());
			return Result.stream(
					ArrowQuerySource.open(connection, sql, context.allocator(), STREAMING_BATCH_ROWS, true, true));
		}
		catch (Exception ex) {
			closeQuietly(connection);
			throw DuckDbErrors.translate(ex);
		}
	}

	private List<List<@Nullable Object>> lookupFunction(DuckDBConnection connection, String function)
			throws SQLException {
		return rows(connection,
				"SELECT list_contains(parameter_types, 'TABLE') FROM duckdb_functions() WHERE database_name = ? "
						+ "AND schema_name = 'main' AND lower(function_name) = lower(?) "
						+ "AND function_type IN ('table', 'table_macro')",
				this.catalog, function);
	}

	private static boolean hasTableParameter(DuckDBConnection connection, String function) throws SQLException {
		return !rows(connection,
				"SELECT 1 FROM duckdb_functions() WHERE database_name = 'system' AND lower(function_name) = lower(?) "
						+ "AND function_type = 'table' AND list_contains(parameter_types, 'TABLE')",
				function)
			.isEmpty();
	}

	private static void stageInput(DuckDBConnection connection, ArrowPayload input, BufferAllocator allocator)
			throws SQLException {
		String view = "__n6k_rpc_stream_" + UUID.randomUUID().toString().replace("-", "");
		try (ArrowArrayStream stream = register(connection, view, input, allocator);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TEMP TABLE " + Sql.identifier(SqlGuard.RPC_INPUT) + " AS SELECT * FROM "
					+ Sql.identifier(view));
			statement.execute("DROP VIEW IF EXISTS " + Sql.identifier(view));
		}
	}

	// ---------------------------------------------------------------- invalidation

	/**
	 * Return a fingerprint of each visible schema's shape: its tables and views, their
	 * columns and types. Schemas without visible tables are absent.
	 * @return fingerprint per schema
	 * @throws SQLException on failure
	 */
	public Map<String, String> schemaShapes() throws SQLException {
		Map<String, StringBuilder> shapes = new TreeMap<>();
		for (List<@Nullable Object> row : this.database.query(
				"SELECT schema_name, table_name, column_index, column_name, data_type FROM duckdb_columns() "
						+ "WHERE database_name = ? AND NOT internal ORDER BY schema_name, table_name, column_index",
				this.catalog)) {
			String schema = (String) row.get(0);
			String table = (String) row.get(1);
			if (this.access.permission(schema, table) == null) {
				continue;
			}
			shapes.computeIfAbsent(schema, (s) -> new StringBuilder())
				.append(table)
				.append('\u0001')
				.append(row.get(2))
				.append('\u0001')
				.append(row.get(3))
				.append('\u0001')
				.append(row.get(4))
				.append('\n');
		}
		Map<String, String> fingerprints = new LinkedHashMap<>();
		shapes.forEach((schema, shape) -> fingerprints.put(schema, digest(shape.toString())));
		return fingerprints;
	}

	// ---------------------------------------------------------------- helpers

	private ArrowQuerySource openQuery(RequestContext context, String sql, long batchRows) throws SQLException {
		DuckDBConnection connection = connect(context);
		try {
			return ArrowQuerySource.open(connection, sql, context.allocator(),
					(batchRows > 0) ? (metadata) -> batchRows : BatchSizing::throughputRows, false, true);
		}
		catch (SQLException | RuntimeException ex) {
			closeQuietly(connection);
			throw DuckDbErrors.translate(ex);
		}
	}

	private static ArrowArrayStream register(DuckDBConnection connection, String name, ArrowPayload payload,
			BufferAllocator allocator) {
		ArrowStreamReader reader = payload.openReader(allocator);
		ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
		try {
			Data.exportArrayStream(allocator, reader, stream);
			connection.registerArrowStream(name, stream);
			return stream;
		}
		catch (RuntimeException ex) {
			stream.close();
			throw ex;
		}
	}

	/**
	 * On a catalog with grants, UPDATE and DELETE need a key, discovered or declared, as
	 * the bridge requires (protocol §10.4).
	 */
	private SqlGuard.Checked requireKeys(SqlGuard.Checked checked) throws SQLException {
		if (!this.access.hasGrants()) {
			return checked;
		}
		for (List<String> table : checked.keyedWrites()) {
			String schema = table.get(1);
			String name = table.get(2);
			if (this.access.primaryKey(schema, name).isPresent()) {
				continue;
			}
			boolean discovered = !this.database.query("SELECT 1 FROM duckdb_constraints() WHERE database_name = ? "
					+ "AND schema_name = ? AND table_name = ? AND constraint_type = 'PRIMARY KEY'", this.catalog, schema,
					name)
				.isEmpty();
			if (!discovered) {
				throw new N6kException(ExceptionType.BinderException, "n6k: table \"" + schema + "." + name
						+ "\" has no key; UPDATE and DELETE need one (declare it in n6k.catalogs." + this.catalog
						+ ".primary-keys)");
			}
		}
		return checked;
	}

	/**
	 * Open the request's connection; cancelling the request before its stream starts
	 * closes it, which interrupts DuckDB wherever it is.
	 */
	private DuckDBConnection connect(RequestContext context) throws SQLException {
		DuckDBConnection connection = this.database.connect();
		context.onCancel(() -> closeQuietly(connection));
		return connection;
	}

	/**
	 * Validate a client-supplied column type as a DuckDB type: it must bind as the target
	 * of a cast and nothing else, so no SQL can travel in it.
	 */
	private String checkedType(DuckDBConnection connection, String type) throws SQLException {
		String probe = "SELECT CAST(NULL AS " + type + ")";
		requireBareCast(connection, probe, type);
		try (PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_plan(?)")) {
			statement.setString(1, probe);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				String plan = rs.getString(1);
				JsonNode json = JsonMapper.shared().readTree(plan);
				if (json.path("error").asBoolean(false)) {
					String errorType = json.path("error_type").asString("");
					if (errorType.equals("parser")) {
						throw N6kException.invalidInput("n6k: invalid column type '" + type + "'");
					}
					throw new N6kException(ExceptionType.forDuckDbErrorType(errorType),
							json.path("error_message").asString(""));
				}
				JsonNode plans = json.path("plans");
				JsonNode root = plans.path(0);
				if (plans.size() != 1 || !root.path("type").asString("").equals("LOGICAL_PROJECTION")
						|| root.path("expressions").size() != 1 || root.path("children").size() != 1
						|| !root.path("children").path(0).path("type").asString("").equals("LOGICAL_DUMMY_SCAN")
						|| plan.contains("LOGICAL_GET") || plan.contains("BOUND_SUBQUERY")) {
					throw N6kException.invalidInput("n6k: invalid column type '" + type + "'");
				}
			}
		}
		catch (JacksonException ex) {
			throw N6kException.invalidInput("n6k: invalid column type '" + type + "'");
		}
		return type;
	}

	/**
	 * Before the probe is bound, its parse tree (json_serialize_sql binds nothing) must be
	 * one cast of a constant and nothing else: binding a file reader smuggled into the type
	 * would already open the file. A probe that does not parse is left to the binder's error.
	 */
	private static void requireBareCast(DuckDBConnection connection, String probe, String type) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_sql(?)")) {
			statement.setString(1, probe);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				String text = rs.getString(1);
				com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper()
					.readTree(text);
				if (tree.path("error").asBoolean(false)) {
					if (tree.path("error_type").asText("").equals("parser")) {
						return;
					}
					throw N6kException.invalidInput("n6k: invalid column type '" + type + "'");
				}
				com.fasterxml.jackson.databind.JsonNode statements = tree.path("statements");
				com.fasterxml.jackson.databind.JsonNode node = statements.path(0).path("node");
				com.fasterxml.jackson.databind.JsonNode select = node.path("select_list");
				if (statements.size() != 1 || !node.path("type").asText().equals("SELECT_NODE") || select.size() != 1
						|| !select.path(0).path("class").asText().equals("CAST")
						|| !select.path(0).path("child").path("class").asText().equals("CONSTANT")
						|| !node.path("from_table").path("type").asText().equals("EMPTY")
						|| node.path("cte_map").path("map").size() != 0 || text.contains("\"SUBQUERY\"")
						|| text.contains("\"TABLE_FUNCTION\"") || text.contains("\"BASE_TABLE\"")) {
					throw N6kException.invalidInput("n6k: invalid column type '" + type + "'");
				}
			}
		}
		catch (java.io.IOException ex) {
			throw N6kException.invalidInput("n6k: invalid column type '" + type + "'");
		}
	}

	private static void execute(DuckDBConnection connection, String sql) {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw DuckDbErrors.translate(ex);
		}
	}

	private static long firstCellAsLong(ResultSet rs) throws SQLException {
		if (rs.getMetaData().getColumnCount() < 1 || !rs.next()) {
			return 0;
		}
		Object value = rs.getObject(1);
		if (value == null) {
			return 0;
		}
		if (value instanceof Boolean b) {
			return b ? 1 : 0;
		}
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ((Number) value).longValue();
		}
		if (value instanceof Number number) {
			try {
				return new BigDecimal(number.toString()).setScale(0, RoundingMode.HALF_UP).longValueExact();
			}
			catch (ArithmeticException | NumberFormatException ex) {
				throw new N6kException(ExceptionType.ConversionException,
						"Could not convert " + number + " to INT64");
			}
		}
		String text = value.toString();
		try {
			return Long.parseLong(text.trim());
		}
		catch (NumberFormatException ex) {
			throw new N6kException(ExceptionType.ConversionException,
					"Could not convert string '" + text + "' to INT64");
		}
	}

	private static List<List<@Nullable Object>> rows(DuckDBConnection connection, String sql, Object... parameters)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			try (ResultSet rs = statement.executeQuery()) {
				List<List<@Nullable Object>> rows = new ArrayList<>();
				int columns = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					List<@Nullable Object> row = new ArrayList<>();
					for (int i = 1; i <= columns; i++) {
						row.add(rs.getObject(i));
					}
					rows.add(row);
				}
				return rows;
			}
		}
	}

	private static List<String> stringList(@Nullable Object value) throws SQLException {
		List<String> result = new ArrayList<>();
		if (value instanceof Array array) {
			for (Object element : (Object[]) array.getArray()) {
				result.add(String.valueOf(element));
			}
		}
		else if (value instanceof List<?> list) {
			list.forEach((element) -> result.add(String.valueOf(element)));
		}
		return result;
	}

	private static String digest(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void rollback(DuckDBConnection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			// the connection is closed next
		}
	}

	private static void closeQuietly(DuckDBConnection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// closing
		}
	}

}
