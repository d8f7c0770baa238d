package io.n6k.backend;

import java.security.Principal;

import io.n6k.protocol.Op;
import org.apache.arrow.memory.BufferAllocator;
import org.jspecify.annotations.Nullable;

/**
 * What an op handler knows about the request it serves.
 *
 * @author n6k
 * @since 0.1.0
 */
public interface RequestContext {

	/**
	 * Return the catalog of the request's session.
	 * @return the catalog name
	 */
	String catalog();

	/**
	 * Return the operation.
	 * @return the op
	 */
	Op op();

	/**
	 * Return the request id, unique among the session's in-flight requests.
	 * @return the id
	 */
	long id();

	/**
	 * Return the session key.
	 * @return the ns
	 */
	long ns();

	/**
	 * Return the id of the connection, as used in logs.
	 * @return the connection id
	 */
	String connectionId();

	/**
	 * Return the authenticated principal of the session, if any.
	 * @return the principal or {@code null}
	 */
	@Nullable Principal principal();

	/**
	 * Return an allocator for this request; the engine closes it after the terminal frame
	 * and reports anything left allocated as a leak.
	 * @return the allocator
	 */
	BufferAllocator allocator();

	/**
	 * Return whether the client cancelled the request or the connection closed.
	 * @return whether cancelled
	 */
	boolean isCancelled();

	/**
	 * Register work to run when the request is cancelled (or its connection closes) while
	 * the handler is still preparing its result, for example to interrupt a query that
	 * has not produced a first batch yet. Runs at once when already cancelled; runs on
	 * the cancelling thread.
	 * @param action the action
	 */
	void onCancel(Runnable action);

}
