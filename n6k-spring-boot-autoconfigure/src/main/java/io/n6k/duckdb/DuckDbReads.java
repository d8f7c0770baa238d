package io.n6k.duckdb;

import java.sql.SQLException;

import io.n6k.access.CatalogAccess;
import io.n6k.access.PolicyVerb;
import io.n6k.backend.RequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;
import io.n6k.backend.TableRef;
import org.jspecify.annotations.Nullable;

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
		PolicyBinding binding = new PolicyBinding(this.access.forPrincipal(context.principal()));
		String policy = policy(binding, request.table());
		String sql = SqlRendering.scan(this.catalog, request.table(), request.columns(), request.filters(), policy);
		return Result.stream(DuckDbJdbc.openQuery(this.database, context, sql, 0, binding));
	}

	Result aggregate(RequestContext context, Requests.AggregateQuery request) throws SQLException {
		PolicyBinding binding = new PolicyBinding(this.access.forPrincipal(context.principal()));
		String policy = policy(binding, request.table());
		String sql = SqlRendering.aggregate(this.catalog, request.table(), request.groupBy(), request.aggregates(),
				request.filters(), policy);
		return Result
			.stream(DuckDbJdbc.openQuery(this.database, context, sql, DuckDbJdbc.STREAMING_BATCH_ROWS, binding));
	}

	/**
	 * The select policy of a table, or {@code null} when every row is visible (a table
	 * granted {@code read} reads exactly as before).
	 */
	private static @Nullable String policy(PolicyBinding binding, TableRef table) {
		String policy = binding.predicate(table, PolicyVerb.SELECT);
		return policy.equals(PolicyBinding.UNRESTRICTED) ? null : policy;
	}

}
