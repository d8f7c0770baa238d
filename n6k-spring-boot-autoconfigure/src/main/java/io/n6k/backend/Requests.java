package io.n6k.backend;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The decoded, validated requests op handlers receive.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class Requests {

	private Requests() {
	}

	/**
	 * TABLES_LIST.
	 *
	 * @param schema only tables of this schema (case-insensitive), or all when
	 * {@code null}
	 */
	public record TablesList(@Nullable String schema) {
	}

	/**
	 * SCAN.
	 *
	 * @param table the table
	 * @param columns projection in request order, duplicates kept; empty means all
	 * @param filters AND-joined clauses
	 * @param batchRows rows per batch ({@code _batch_rows}), or 0
	 */
	public record Scan(TableRef table, List<String> columns, List<Filter> filters, long batchRows) {
	}

	/**
	 * INSERT.
	 *
	 * @param table the table
	 * @param rows the rows, matched to the table's columns by position
	 */
	public record Insert(TableRef table, ArrowPayload rows) {
	}

	/**
	 * EXEC or QUERY.
	 *
	 * @param sql the client's SQL text, verbatim
	 * @param batchRows rows per batch for QUERY, or 0
	 */
	public record Sql(String sql, long batchRows) {
	}

	/**
	 * RPC_SCALAR or RPC_TABLE.
	 *
	 * @param function function name
	 * @param args JSON-typed positional arguments
	 * @param table whether the request was RPC_TABLE
	 * @param input rows pushed with an RPC_TABLE call, or {@code null} when the body was
	 * empty
	 * @param batchRows rows per batch, or 0
	 */
	public record Rpc(String function, List<@Nullable Object> args, boolean table, @Nullable ArrowPayload input,
			long batchRows) {
	}

	/**
	 * CREATE_TABLE.
	 *
	 * @param schema schema of the new table
	 * @param name table name
	 * @param columns columns, possibly empty (DuckDB rejects that)
	 */
	public record CreateTable(String schema, String name, List<ColumnDefinition> columns) {
	}

	/**
	 * ALTER_TABLE.
	 *
	 * @param table the table
	 * @param action what to change
	 */
	public record AlterTable(TableRef table, AlterAction action) {
	}

	/**
	 * AGGREGATE.
	 *
	 * @param table the table
	 * @param groupBy group keys in request order
	 * @param aggregates aggregates in request order
	 * @param filters AND-joined clauses
	 * @param batchRows rows per batch, or 0
	 */
	public record AggregateQuery(TableRef table, List<String> groupBy, List<Aggregate> aggregates, List<Filter> filters,
			long batchRows) {
	}

}
