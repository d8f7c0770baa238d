package io.n6k.backend;

import java.util.List;

import io.n6k.protocol.N6kException;
import io.n6k.protocol.Protocol;

/**
 * Serves the ops of one catalog. Methods are called on request workers, concurrently
 * for concurrent requests. An op a backend does not support answers
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

	default Result insert(RequestContext context, Requests.Insert request) throws Exception {
		throw unsupported(context);
	}

	default Result exec(RequestContext context, Requests.Sql request) throws Exception {
		throw unsupported(context);
	}

	default Result query(RequestContext context, Requests.Sql request) throws Exception {
		throw unsupported(context);
	}

	default Result rpc(RequestContext context, Requests.Rpc request) throws Exception {
		throw unsupported(context);
	}

	default Result createTable(RequestContext context, Requests.CreateTable request) throws Exception {
		throw unsupported(context);
	}

	default Result alterTable(RequestContext context, Requests.AlterTable request) throws Exception {
		throw unsupported(context);
	}

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
