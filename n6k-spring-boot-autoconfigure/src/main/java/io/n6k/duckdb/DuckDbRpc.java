package io.n6k.duckdb;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.n6k.access.CatalogAccess;
import io.n6k.backend.ArrowPayload;
import io.n6k.backend.RequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;
import io.n6k.backend.RpcCall;
import io.n6k.backend.RpcFunction;
import io.n6k.protocol.N6kException;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

/**
 * Calls RPC functions for one DuckDB catalog: a host {@link RpcFunction} by name, or a
 * table function or macro of the catalog or of DuckDB, checked by the {@link SqlGuard}.
 *
 * @author n6k
 */
final class DuckDbRpc {

	private final DuckDbDatabase database;

	private final CatalogAccess access;

	private final SqlGuard guard;

	private final Map<String, RpcFunction> rpcFunctions;

	private final String catalog;

	DuckDbRpc(DuckDbDatabase database, CatalogAccess access, SqlGuard guard, Map<String, RpcFunction> rpcFunctions) {
		this.database = database;
		this.access = access;
		this.guard = guard;
		this.rpcFunctions = Map.copyOf(rpcFunctions);
		this.catalog = access.catalog();
	}

	Result rpc(RequestContext context, Requests.Rpc request) throws Exception {
		RpcFunction host = this.rpcFunctions.get(request.function());
		if (host != null) {
			return Result.stream(host.open(new RpcCall(request.args(), request.input(), context)));
		}
		// client arguments and the pushed rows' temporary table: never reuse the
		// connection
		ConnectionLease lease = DuckDbJdbc.connect(this.database, context).markDirty();
		try {
			DuckDBConnection connection = lease.connection();
			connection.setAutoCommit(false);
			String target;
			boolean tableParameter;
			boolean scalar = false;
			List<List<@Nullable Object>> found = lookupFunction(connection, request.function());
			String qualified = SqlRendering.identifier(this.catalog) + ".\"main\"."
					+ SqlRendering.identifier(request.function());
			if (!found.isEmpty()) {
				target = qualified;
				tableParameter = found.stream().anyMatch((row) -> Boolean.TRUE.equals(row.get(0)));
			}
			else if (isScalarMacro(connection, request.function())) {
				// a scalar macro of the catalog, where no table function has the name
				target = qualified;
				tableParameter = false;
				scalar = true;
			}
			else {
				target = SqlRendering.identifier(request.function());
				tableParameter = hasTableParameter(connection, request.function());
			}
			List<String> arguments = new ArrayList<>();
			if (request.table()) {
				if (request.input() == null) {
					throw N6kException.invalidInput(
							"n6k_server: OP_RPC_TABLE requires an Arrow IPC body for \"" + request.function() + "\"");
				}
				stageInput(connection, request.input(), context.allocator());
				arguments.add(tableParameter ? "(SELECT * FROM " + SqlRendering.identifier(SqlGuard.RPC_INPUT) + ")"
						: SqlRendering.string(SqlGuard.RPC_INPUT));
			}
			request.args().forEach((arg) -> arguments.add(SqlRendering.value(arg)));
			String call = target + "(" + String.join(", ", arguments) + ")";
			String sql = scalar ? "SELECT " + call + " AS " + SqlRendering.identifier(request.function())
					: "SELECT * FROM " + call;
			CatalogAccess view = this.access.forPrincipal(context.principal());
			SqlGuard.Checked checked = this.guard.check(connection, sql, view, request.table());
			if (!checked.policiedTables().isEmpty()) {
				if (!target.equals(qualified)) {
					throw PolicyRpc.refused(request.function(), checked.policiedTables().iterator().next());
				}
				PolicyRpc policies = new PolicyRpc(view, request.function());
				String rewritten = policies.prepare(connection, scalar, arguments, sql, checked, request.table());
				try {
					return Result.stream(ArrowQuerySource.open(lease, rewritten, context.allocator(),
							(metadata) -> DuckDbJdbc.STREAMING_BATCH_ROWS, true, true, policies::prepareDiagnosis));
				}
				catch (SQLException ex) {
					throw PolicySql.withoutContext(ex);
				}
			}
			return Result.stream(ArrowQuerySource.open(lease, sql, context.allocator(), DuckDbJdbc.STREAMING_BATCH_ROWS,
					true, true));
		}
		catch (Exception ex) {
			lease.close();
			throw DuckDbErrors.translate(ex);
		}
	}

	private List<List<@Nullable Object>> lookupFunction(DuckDBConnection connection, String function)
			throws SQLException {
		return DuckDbJdbc.rows(connection,
				"SELECT list_contains(parameter_types, 'TABLE') FROM duckdb_functions() WHERE database_name = ? "
						+ "AND schema_name = 'main' AND lower(function_name) = lower(?) "
						+ "AND function_type IN ('table', 'table_macro')",
				this.catalog, function);
	}

	private boolean isScalarMacro(DuckDBConnection connection, String function) throws SQLException {
		return !DuckDbJdbc
			.rows(connection,
					"SELECT 1 FROM duckdb_functions() WHERE database_name = ? AND schema_name = 'main' "
							+ "AND lower(function_name) = lower(?) AND function_type = 'macro'",
					this.catalog, function)
			.isEmpty()
				&& DuckDbJdbc
					.rows(connection, "SELECT 1 FROM duckdb_functions() WHERE database_name IN ('system', 'temp') "
							+ "AND lower(function_name) = lower(?) AND function_type IN ('table', 'table_macro')",
							function)
					.isEmpty();
	}

	private static boolean hasTableParameter(DuckDBConnection connection, String function) throws SQLException {
		return !DuckDbJdbc.rows(connection,
				"SELECT 1 FROM duckdb_functions() WHERE database_name = 'system' AND lower(function_name) = lower(?) "
						+ "AND function_type = 'table' AND list_contains(parameter_types, 'TABLE')",
				function)
			.isEmpty();
	}

	private static void stageInput(DuckDBConnection connection, ArrowPayload input, BufferAllocator allocator)
			throws SQLException {
		String view = "__n6k_rpc_stream_" + UUID.randomUUID().toString().replace("-", "");
		try (ArrowArrayStream stream = DuckDbJdbc.register(connection, view, input, allocator);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TEMP TABLE " + SqlRendering.identifier(SqlGuard.RPC_INPUT) + " AS SELECT * FROM "
					+ SqlRendering.identifier(view));
			statement.execute("DROP VIEW IF EXISTS " + SqlRendering.identifier(view));
		}
	}

}
