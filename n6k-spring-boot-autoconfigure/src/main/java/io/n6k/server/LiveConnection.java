package io.n6k.server;

import java.util.List;
import java.util.Optional;

import io.n6k.backend.ConnectionBackend;

/**
 * A live n6k connection, as seen by the invalidation service and by diagnostics.
 *
 * @author n6k
 * @since 0.1.0
 */
public interface LiveConnection {

	/**
	 * Return the connection id.
	 * @return the id
	 */
	String id();

	/**
	 * Return the catalogs the connection serves.
	 * @return the catalogs
	 */
	List<String> catalogs();

	/**
	 * Return the connection's backend, once it has one.
	 * @return the backend
	 */
	Optional<ConnectionBackend> backend();

	/**
	 * Queue {@code PUSH{op:12, schemas}} on every session bound to the catalog.
	 * @param catalog the catalog
	 * @param schemas the schemas whose table lists changed
	 * @return the number of frames queued; 0 when the connection is closing
	 */
	int pushInvalidation(String catalog, List<String> schemas);

	/**
	 * Return the bytes queued for sending and not yet written to the socket.
	 * @return the queued bytes
	 */
	long queuedBytes();

	/**
	 * Return a snapshot of the connection: who, what it serves, what it is doing.
	 * @return the snapshot
	 */
	ConnectionInfo info();

	/**
	 * Close the connection at once.
	 * @param code close code
	 * @param reason close reason
	 */
	void close(int code, String reason);

	/**
	 * Return whether the connection has begun to close.
	 * @return whether closing
	 */
	boolean isClosing();

}
