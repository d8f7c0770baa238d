package io.n6k.backend;

import java.util.List;

import io.n6k.protocol.N6kException;
import io.n6k.protocol.Protocol;

/**
 * Serves the ops of one catalog. Methods are called on request workers, concurrently for
 * concurrent requests. An op a backend does not support answers
 * {@code NotImplementedException}.
 *
 * @author n6k
 * @since 0.1.0
 */
public interface CatalogHandler {

	/**
	 * Return the optional protocol features this catalog supports, advertised in the
	 * HELLO_ACK of its sessions; {@code aggregate_pushdown} means {@link #aggregate} is
	 * implemented.
	 * @return the capabilities
	 */
	default List<String> capabilities() {
		return Protocol.CAPABILITIES;
	}

	/**
	 * CATALOG_LIST: schema names, sorted, without system schemas.
	 * @param context the request
	 * @return {@link Result#schemas}
	 * @throws Exception on failure
	 */
	Result catalogList(RequestContext context) throws Exception;

	/**
	 * TABLES_LIST.
	 * @param context the request
	 * @param request the arguments
	 * @return {@link Result#tables}
	 * @throws Exception on failure
	 */
	Result tablesList(RequestContext context, Requests.TablesList request) throws Exception;

	/**
	 * TABLE_SCHEMA.
	 * @param context the request
	 * @param table the table
	 * @return {@link Result#schema}
	 * @throws Exception on failure
	 */
	Result tableSchema(RequestContext context, TableRef table) throws Exception;

	/**
	 * SCAN.
	 * @param context the request
	 * @param request the arguments
	 * @return {@link Result#stream}
	 * @throws Exception on failure
	 */
	Result scan(RequestContext context, Requests.Scan request) throws Exception;

	/**
	 * INSERT: append the Arrow rows of the request to a table. Not supported unless
	 * overridden.
	 * @param context the request
	 * @param request the table and the rows
	 * @return {@link Result#rowCount} of the rows inserted
	 * @throws Exception on failure; the default throws {@code NotImplementedException}
	 */
	default Result insert(RequestContext context, Requests.Insert request) throws Exception {
		throw unsupported(context);
	}

	/**
	 * EXEC: run a statement that returns no rows (or only a count). Not supported unless
	 * overridden.
	 * @param context the request
	 * @param request the SQL
	 * @return {@link Result#ok} or {@link Result#rowCount}
	 * @throws Exception on failure; the default throws {@code NotImplementedException}
	 */
	default Result exec(RequestContext context, Requests.Sql request) throws Exception {
		throw unsupported(context);
	}

	/**
	 * QUERY: run a query and stream its rows. Not supported unless overridden.
	 * @param context the request
	 * @param request the SQL and the batch size
	 * @return {@link Result#stream}
	 * @throws Exception on failure; the default throws {@code NotImplementedException}
	 */
	default Result query(RequestContext context, Requests.Sql request) throws Exception {
		throw unsupported(context);
	}

	/**
	 * RPC_SCALAR and RPC_TABLE: call a server-side function. Not supported unless
	 * overridden.
	 * @param context the request
	 * @param request the function, its arguments and its optional Arrow input
	 * @return {@link Result#stream}
	 * @throws Exception on failure; the default throws {@code NotImplementedException}
	 */
	default Result rpc(RequestContext context, Requests.Rpc request) throws Exception {
		throw unsupported(context);
	}

	/**
	 * CREATE_TABLE. Not supported unless overridden.
	 * @param context the request
	 * @param request the schema, the name and the columns
	 * @return {@link Result#ok}
	 * @throws Exception on failure; the default throws {@code NotImplementedException}
	 */
	default Result createTable(RequestContext context, Requests.CreateTable request) throws Exception {
		throw unsupported(context);
	}

	/**
	 * ALTER_TABLE: add, drop or rename a column. Not supported unless overridden.
	 * @param context the request
	 * @param request the table and the change
	 * @return {@link Result#ok}
	 * @throws Exception on failure; the default throws {@code NotImplementedException}
	 */
	default Result alterTable(RequestContext context, Requests.AlterTable request) throws Exception {
		throw unsupported(context);
	}

	/**
	 * AGGREGATE: group and aggregate a table on the server. A handler that overrides it
	 * advertises {@code aggregate_pushdown} in {@link #capabilities()}; not supported
	 * unless overridden.
	 * @param context the request
	 * @param request the table, the grouping, the aggregates and the filters
	 * @return {@link Result#stream}
	 * @throws Exception on failure; the default throws {@code NotImplementedException}
	 */
	default Result aggregate(RequestContext context, Requests.AggregateQuery request) throws Exception {
		throw unsupported(context);
	}

	/**
	 * Return the error an unsupported op answers.
	 * @param context the request
	 * @return a NotImplementedException
	 */
	static N6kException unsupported(RequestContext context) {
		return N6kException.notImplemented("n6k_server: op " + context.op().code() + " not implemented yet");
	}

}
