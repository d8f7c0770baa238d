package io.n6k.actuate;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.n6k.invalidation.CatalogInvalidationService;
import io.n6k.server.ConnectionInfo;
import io.n6k.server.LiveConnection;
import io.n6k.server.N6kServer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code n6k} Actuator endpoint: lists the live connections (remote address,
 * principal, catalogs, sessions, requests in flight) and, when its access is
 * {@code unrestricted}, closes a connection ({@code DELETE /actuator/n6k/{id}}) or pushes
 * an invalidation for a catalog ({@code POST /actuator/n6k/{catalog}}). Its access is
 * read-only unless {@code management.endpoint.n6k.access=unrestricted}.
 *
 * @author n6k
 * @since 0.1.0
 */
@Endpoint(id = "n6k", defaultAccess = Access.READ_ONLY)
public class N6kConnectionsEndpoint {

	/**
	 * The close code of a connection closed through the endpoint, as the reference's
	 * forced close.
	 */
	static final int CLOSE_CODE = 1011;

	private final N6kServer server;

	private final CatalogInvalidationService invalidation;

	private final Predicate<String> served;

	/**
	 * Create the endpoint.
	 * @param server the server whose connections are listed
	 * @param invalidation pushes invalidations
	 * @param served tells whether a catalog name is served
	 */
	public N6kConnectionsEndpoint(N6kServer server, CatalogInvalidationService invalidation, Predicate<String> served) {
		this.server = server;
		this.invalidation = invalidation;
		this.served = served;
	}

	/**
	 * List the live connections.
	 * @return the connections
	 */
	@ReadOperation
	public ConnectionsDescriptor connections() {
		List<ConnectionInfo> connections = this.server.connections().all().stream().map(LiveConnection::info).toList();
		return new ConnectionsDescriptor(this.server.isDraining(), connections);
	}

	/**
	 * Describe one live connection.
	 * @param id the connection id
	 * @return the connection, or {@code null} (404) when it is not live
	 */
	@ReadOperation
	public @Nullable ConnectionInfo connection(@Selector String id) {
		return this.server.connections().get(id).map(LiveConnection::info).orElse(null);
	}

	/**
	 * Close one live connection with 1011 "forced close"; its requests are cancelled.
	 * @param id the connection id
	 * @return what was closed, or {@code null} (204, no content) when it is not live
	 */
	@DeleteOperation
	public @Nullable ClosedDescriptor close(@Selector String id) {
		Optional<LiveConnection> connection = this.server.connections().get(id);
		if (connection.isEmpty()) {
			return null;
		}
		connection.get().close(CLOSE_CODE, "forced close");
		return new ClosedDescriptor(id, CLOSE_CODE);
	}

	/**
	 * Push an invalidation for a catalog: for one schema when named, else for the schemas
	 * whose shape changed since the last push.
	 * @param catalog the served catalog
	 * @param schema the schema whose tables changed, or {@code null} to detect them
	 * @return what was pushed
	 */
	@WriteOperation
	public InvalidationDescriptor invalidate(@Selector String catalog, @Nullable String schema) {
		if (!this.served.test(catalog)) {
			throw new InvalidEndpointRequestException("Catalog '" + catalog + "' is not served",
					"catalog is not served");
		}
		if (schema != null && !schema.isEmpty()) {
			int frames = this.invalidation.notifyInvalidate(catalog, schema);
			return new InvalidationDescriptor(catalog, Set.of(schema), frames > 0);
		}
		Set<String> changed = this.invalidation.getInvalidatedSchemas(catalog);
		boolean pushed = this.invalidation.notifyInvalidateIfStale(catalog);
		return new InvalidationDescriptor(catalog, changed, pushed);
	}

	/**
	 * The live connections.
	 *
	 * @param draining whether the server is shutting down
	 * @param connections the connections
	 */
	public record ConnectionsDescriptor(boolean draining,
			List<ConnectionInfo> connections) implements OperationResponseBody {
	}

	/**
	 * A closed connection.
	 *
	 * @param id the connection id
	 * @param code the close code sent
	 */
	public record ClosedDescriptor(String id, int code) implements OperationResponseBody {
	}

	/**
	 * A pushed invalidation.
	 *
	 * @param catalog the catalog
	 * @param schemas the schemas named in the push
	 * @param pushed whether at least one PUSH frame was queued
	 */
	public record InvalidationDescriptor(String catalog, Set<String> schemas,
			boolean pushed) implements OperationResponseBody {
	}

}
