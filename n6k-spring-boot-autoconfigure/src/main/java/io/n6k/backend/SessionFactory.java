package io.n6k.backend;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Decides what a connection serves. Called once per connection with the handshake: at
 * connect when the connection is anonymous or authenticated by its upgrade request, or at
 * the first authorised HELLO when the token comes in the HELLO, so the principal is
 * always known. Declare a bean of this type to replace the default, which serves the
 * configured DuckDB catalogs and the application's {@link CatalogHandler} beans.
 *
 * @author n6k
 * @since 0.1.0
 */
@FunctionalInterface
public interface SessionFactory {

	/**
	 * Create the backend for a connection.
	 * @param handshake what the client asked for and who it is
	 * @return the backend serving every catalog of the handshake
	 * @throws N6kRejectException to refuse the connection with a close code and reason
	 */
	ConnectionBackend connect(Handshake handshake) throws N6kRejectException;

	/**
	 * Return the names of the catalogs this factory serves, when they are known before
	 * any connection (they name the catalogs an application may invalidate).
	 * @return the names, or {@code null} when the catalogs are decided per connection
	 */
	default @Nullable Set<String> catalogNames() {
		return null;
	}

}
