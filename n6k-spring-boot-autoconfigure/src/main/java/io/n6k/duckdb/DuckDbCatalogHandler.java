package io.n6k.duckdb;

import java.sql.SQLException;
import java.util.Map;

import io.n6k.access.CatalogAccess;
import io.n6k.backend.CatalogHandler;
import io.n6k.backend.RequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;
import io.n6k.backend.RpcFunction;
import io.n6k.backend.TableRef;

/**
 * Serves one catalog of a DuckDB database: every op, each on its own connection, with the
 * catalog's access rules applied on every path (structured ops by name, raw SQL and RPC
 * through the {@link SqlGuard}). Each family of ops has its own class; this one only
 * routes to them.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class DuckDbCatalogHandler implements CatalogHandler {

	private final DuckDbDatabase database;

	private final CatalogAccess access;

	private final DuckDbMetadata metadata;

	private final DuckDbReads reads;

	private final DuckDbWrites writes;

	private final DuckDbRawSql rawSql;

	private final DuckDbRpc rpc;

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
		this.metadata = new DuckDbMetadata(database, access);
		this.reads = new DuckDbReads(database, access);
		this.writes = new DuckDbWrites(database, access);
		this.rawSql = new DuckDbRawSql(database, access, guard);
		this.rpc = new DuckDbRpc(database, access, guard, rpcFunctions);
	}

	public CatalogAccess access() {
		return this.access;
	}

	public DuckDbDatabase database() {
		return this.database;
	}

	@Override
	public Result catalogList(RequestContext context) throws SQLException {
		return this.metadata.catalogList(this.access.forPrincipal(context.principal()));
	}

	@Override
	public Result tablesList(RequestContext context, Requests.TablesList request) throws SQLException {
		return this.metadata.tablesList(this.access.forPrincipal(context.principal()), request);
	}

	@Override
	public Result tableSchema(RequestContext context, TableRef table) throws SQLException {
		return this.metadata.tableSchema(context, table);
	}

	@Override
	public Result scan(RequestContext context, Requests.Scan request) throws SQLException {
		return this.reads.scan(context, request);
	}

	@Override
	public Result aggregate(RequestContext context, Requests.AggregateQuery request) throws SQLException {
		return this.reads.aggregate(context, request);
	}

	@Override
	public Result insert(RequestContext context, Requests.Insert request) throws SQLException {
		return this.writes.insert(context, request);
	}

	@Override
	public Result createTable(RequestContext context, Requests.CreateTable request) throws SQLException {
		return this.writes.createTable(request);
	}

	@Override
	public Result alterTable(RequestContext context, Requests.AlterTable request) throws SQLException {
		return this.writes.alterTable(request);
	}

	@Override
	public Result exec(RequestContext context, Requests.Sql request) throws SQLException {
		return this.rawSql.exec(context, request);
	}

	@Override
	public Result query(RequestContext context, Requests.Sql request) throws SQLException {
		return this.rawSql.query(context, request);
	}

	@Override
	public Result rpc(RequestContext context, Requests.Rpc request) throws Exception {
		return this.rpc.rpc(context, request);
	}

	/**
	 * Return a fingerprint of each visible schema's shape: its tables and views, their
	 * columns and types. Schemas without visible tables are absent.
	 * @return fingerprint per schema
	 * @throws SQLException on failure
	 */
	public Map<String, String> schemaShapes() throws SQLException {
		return this.metadata.schemaShapes();
	}

}
