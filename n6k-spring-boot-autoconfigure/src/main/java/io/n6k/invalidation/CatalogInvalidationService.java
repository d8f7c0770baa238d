package io.n6k.invalidation;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.n6k.server.LiveConnection;
import io.n6k.server.N6kConnections;
import org.jspecify.annotations.Nullable;

/**
 * Tells connected clients that table lists changed, so they drop what they cached. Call
 * it after the application changed a served catalog's tables or views (through JDBC or
 * anything else): {@link #notifyInvalidate} pushes unconditionally;
 * {@link #notifyInvalidateIfStale} pushes exactly the schemas whose visible shape
 * changed since the last push, detected from the catalog itself. Safe to call from any
 * thread; a push never blocks on a slow client.
 *
 * @author n6k
 * @since 0.1.0
 */
public class CatalogInvalidationService {

	private final N6kConnections connections;

	private final List<CatalogShapeSource> sources;

	private final Map<String, Map<String, String>> pushed = new ConcurrentHashMap<>();

	public CatalogInvalidationService(N6kConnections connections, List<CatalogShapeSource> sources) {
		this.connections = connections;
		this.sources = List.copyOf(sources);
	}

	/**
	 * Queue {@code PUSH{op:12, schemas}} on every session bound to the catalog on every
	 * live connection.
	 * @param catalog the catalog
	 * @param schemas the schemas whose table lists changed (at least one)
	 * @return the number of frames queued
	 */
	public int notifyInvalidate(String catalog, String... schemas) {
		if (schemas.length == 0) {
			throw new IllegalArgumentException("notifyInvalidate requires at least one schema name");
		}
		List<String> list = Arrays.asList(schemas);
		if (list.contains(null)) {
			throw new IllegalArgumentException("schema names must not be null");
		}
		int sent = 0;
		for (LiveConnection connection : this.connections.serving(catalog)) {
			sent += connection.pushInvalidation(catalog, List.copyOf(new LinkedHashSet<>(list)));
		}
		return sent;
	}

	/**
	 * Return the schemas whose visible shape (tables, views, columns, types) changed since
	 * this service last pushed them (or since startup).
	 * @param catalog the catalog
	 * @return the changed schemas, sorted
	 */
	public Set<String> getInvalidatedSchemas(String catalog) {
		Map<String, String> current = currentShapes(catalog);
		if (current == null) {
			return Set.of();
		}
		Map<String, String> baseline = this.pushed.getOrDefault(catalog, Map.of());
		Set<String> changed = new TreeSet<>();
		current.forEach((schema, shape) -> {
			if (!shape.equals(baseline.get(schema))) {
				changed.add(schema);
			}
		});
		baseline.keySet().forEach((schema) -> {
			if (!current.containsKey(schema)) {
				changed.add(schema);
			}
		});
		return changed;
	}

	/**
	 * Push the schemas {@link #getInvalidatedSchemas} reports, if any, and remember the
	 * current shapes as pushed.
	 * @param catalog the catalog
	 * @return whether at least one frame was queued
	 */
	public synchronized boolean notifyInvalidateIfStale(String catalog) {
		Map<String, String> current = currentShapes(catalog);
		if (current == null) {
			return false;
		}
		Set<String> changed = getInvalidatedSchemas(catalog);
		this.pushed.put(catalog, Map.copyOf(current));
		if (changed.isEmpty()) {
			return false;
		}
		return notifyInvalidate(catalog, changed.toArray(String[]::new)) > 0;
	}

	/**
	 * Record the current shapes of catalogs as the baseline (done at startup).
	 * @param catalogs the catalogs
	 */
	public void snapshot(Iterable<String> catalogs) {
		for (String catalog : catalogs) {
			Map<String, String> current = currentShapes(catalog);
			if (current != null) {
				this.pushed.put(catalog, Map.copyOf(current));
			}
		}
	}

	private @Nullable Map<String, String> currentShapes(String catalog) {
		for (CatalogShapeSource source : this.sources) {
			Map<String, String> shapes = source.shapes(catalog);
			if (shapes != null) {
				return shapes;
			}
		}
		return null;
	}

}
