package io.n6k.server;

import io.n6k.backend.Handshake;
import io.n6k.backend.N6kRejectException;

/**
 * Decides, from the upgrade request alone, which catalogs a connection serves and how it
 * must authenticate.
 *
 * @author n6k
 * @since 0.1.0
 */
@FunctionalInterface
public interface ConnectionPolicy {

	/**
	 * Plan a connection.
	 * @param handshake the upgrade request (no catalogs and no principal yet)
	 * @return the plan
	 * @throws N6kRejectException to close the connection with a code and reason
	 */
	ConnectionPlan plan(Handshake handshake) throws N6kRejectException;

}
