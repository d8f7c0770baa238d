package io.n6k.backend;

/**
 * The backend of one connection: a handler for each catalog the connection serves. Closed
 * when the connection has ended and its last request has finished.
 *
 * @author n6k
 * @since 0.1.0
 */
public interface ConnectionBackend extends AutoCloseable {

	/**
	 * Return the handler for a catalog this connection serves.
	 * @param catalog one of the catalogs of the {@link Handshake}
	 * @return the handler
	 */
	CatalogHandler handler(String catalog);

	/**
	 * Release what the connection held. Backends shared between connections do nothing.
	 */
	@Override
	default void close() {
	}

}
