package io.n6k.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live connections of a server.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class N6kConnections {

	private final Set<N6kConnection> live = ConcurrentHashMap.newKeySet();

	void add(N6kConnection connection) {
		this.live.add(connection);
	}

	void remove(N6kConnection connection) {
		this.live.remove(connection);
	}

	List<N6kConnection> connections() {
		return new ArrayList<>(this.live);
	}

	/**
	 * Return every live connection.
	 * @return a snapshot
	 */
	public List<LiveConnection> all() {
		return new ArrayList<>(this.live);
	}

	/**
	 * Return the live connection with an id.
	 * @param id the connection id
	 * @return the connection, if it is live
	 */
	public Optional<LiveConnection> get(String id) {
		for (N6kConnection connection : this.live) {
			if (connection.id().equals(id)) {
				return Optional.of(connection);
			}
		}
		return Optional.empty();
	}

	/**
	 * Return the live connections that serve a catalog.
	 * @param catalog the catalog
	 * @return a snapshot
	 */
	public List<LiveConnection> serving(String catalog) {
		List<LiveConnection> result = new ArrayList<>();
		for (N6kConnection connection : this.live) {
			if (!connection.isClosing() && connection.catalogs().contains(catalog)) {
				result.add(connection);
			}
		}
		return result;
	}

}
