package io.n6k.server;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one live connection, for diagnostics such as the Actuator {@code n6k}
 * endpoint.
 *
 * @param id the connection id
 * @param path the request path of the WebSocket upgrade
 * @param remoteAddress the client's address, when known
 * @param principal the principal the connection authenticated as, or {@code null}
 * @param catalogs the catalogs the connection serves
 * @param sessions the open sessions
 * @param requests the requests in flight
 * @param queuedBytes bytes queued for sending and not yet written
 * @param closing whether the connection has begun to close
 * @author n6k
 * @since 0.1.0
 */
public record ConnectionInfo(String id, String path, @Nullable String remoteAddress, @Nullable String principal,
		List<String> catalogs, List<SessionInfo> sessions, List<RequestInfo> requests, long queuedBytes,
		boolean closing) {

	/**
	 * An open session.
	 *
	 * @param ns the session key, 0 for the default session
	 * @param catalog the catalog it is bound to
	 * @param principal who opened it, or {@code null}
	 */
	public record SessionInfo(long ns, String catalog, @Nullable String principal) {
	}

	/**
	 * A request in flight.
	 *
	 * @param ns the session key
	 * @param id the request id
	 * @param op the op
	 * @param catalog the catalog
	 * @param ageMillis milliseconds since the request was admitted
	 * @param rowsSent rows sent so far
	 * @param cancelled whether it was asked to stop
	 */
	public record RequestInfo(long ns, long id, String op, String catalog, long ageMillis, long rowsSent,
			boolean cancelled) {
	}

}
