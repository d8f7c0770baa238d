package io.n6k.duckdb;

import java.sql.SQLException;

import io.n6k.access.CatalogAccess;
import io.n6k.backend.RequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;

/**
 * Streams the structured reads of one DuckDB catalog (SCAN, AGGREGATE) on visible tables.
 *
 * @author n6k
 */
final class DuckDbReads {

	private final DuckDbDatabase database;

	private final CatalogAccess access;

	private final String catalog;

	DuckDbReads(DuckDbDatabase database, CatalogAccess access) {
		this.database = database;
		this.access = access;
		this.catalog = access.catalog();
	}

	Result scan(RequestContext context, Requests.Scan request) throws SQLException {
		this.access.requireVisible(request.table());
		String sql = SqlRendering.scan(this.catalog, request.table(), request.columns(), request.filters());
		return Result.stream(DuckDbJdbc.openQuery(this.database, context, sql, 0));
	}

	Result aggregate(RequestContext context, Requests.AggregateQuery request) throws SQLException {
		this.access.requireVisible(request.table());
		String sql = SqlRendering.aggregate(this.catalog, request.table(), request.groupBy(), request.aggregates(),
				request.filters());
		return Result.stream(DuckDbJdbc.openQuery(this.database, context, sql, DuckDbJdbc.STREAMING_BATCH_ROWS));
	}

}
