package io.n6k.backend;

/**
 * A host function clients call with RPC_SCALAR or RPC_TABLE, consulted before any DuckDB
 * function of the same name. Declare beans of this type to register them. The returned
 * source is streamed under credit control; its {@link BatchSource#close()} is the
 * function's teardown and always runs before the request's terminal frame, also on
 * cancel.
 *
 * @author n6k
 * @since 0.1.0
 */
public interface RpcFunction {

	/**
	 * Return the name clients call.
	 * @return the function name
	 */
	String name();

	/**
	 * Start one call.
	 * @param call the arguments and pushed rows
	 * @return the batches of the result, with their declared schema
	 * @throws Exception when the call cannot start
	 */
	BatchSource open(RpcCall call) throws Exception;

}
