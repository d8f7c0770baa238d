package io.n6k.invalidation;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.n6k.backend.CatalogShapeSource;
import io.n6k.invalidation.broadcast.InvalidationBroadcast;
import io.n6k.server.LiveConnection;
import io.n6k.server.N6kConnections;
import org.jspecify.annotations.Nullable;

/**
 * Tells connected clients that table lists changed, so they drop what they cached. Call
 * it after the application changed a served catalog's tables or views (through JDBC or
 * anything else): {@link #notifyInvalidate} pushes unconditionally;
 * {@link #notifyInvalidateIfStale} pushes exactly the schemas whose visible shape changed
 * since the last push, detected from the catalog itself. Safe to call from any thread; a
 * push never blocks on a slow client.
 * <p>
 * Inside a Spring-managed transaction both run after the commit, when clients can see the
 * change, and not at all after a rollback; they then return {@code 0} or {@code false},
 * since nothing has been pushed yet. A catalog name that is not served is a programming
 * error and throws {@link IllegalArgumentException}.
 * <p>
 * With an {@link InvalidationBroadcast} (several instances sharing a broker), pushes also
 * reach the clients of the other instances, and the baseline of
 * {@link #notifyInvalidateIfStale} is the one shared by all instances; while the broker
 * cannot be reached, this instance works on its own.
 *
 * @author n6k
 * @since 0.1.0
 */
public class CatalogInvalidationService {

	private final N6kConnections connections;

	private final List<CatalogShapeSource> sources;

	private final Predicate<String> served;

	private final InvalidationTiming timing;

	private final @Nullable InvalidationBroadcast broadcast;

	private final Map<String, Map<String, String>> pushed = new ConcurrentHashMap<>();

	/**
	 * Create a service for one instance that pushes at once and accepts every catalog
	 * name.
	 * @param connections the live connections
	 * @param sources where catalog shapes come from
	 */
	public CatalogInvalidationService(N6kConnections connections, List<CatalogShapeSource> sources) {
		this(connections, sources, (catalog) -> true, InvalidationTiming.IMMEDIATE, null);
	}

	/**
	 * Create a service.
	 * @param connections the live connections
	 * @param sources where catalog shapes come from
	 * @param served which catalog names are served (others are refused)
	 * @param timing when invalidations run
	 * @param broadcast how pushes reach the other instances, or {@code null} for one
	 * instance
	 */
	public CatalogInvalidationService(N6kConnections connections, List<CatalogShapeSource> sources,
			Predicate<String> served, InvalidationTiming timing, @Nullable InvalidationBroadcast broadcast) {
		this.connections = connections;
		this.sources = List.copyOf(sources);
		this.served = served;
		this.timing = timing;
		this.broadcast = broadcast;
	}

	/**
	 * Queue {@code PUSH{op:12, schemas}} on every session bound to the catalog on every
	 * live connection, and on those of the other instances when there is a broadcast.
	 * @param catalog the catalog
	 * @param schemas the schemas whose table lists changed (at least one)
	 * @return the number of frames queued on this instance ({@code 0} when deferred to
	 * the commit of the surrounding transaction)
	 * @throws IllegalArgumentException when the catalog is not served or no schema is
	 * given
	 */
	public int notifyInvalidate(String catalog, String... schemas) {
		requireServed(catalog);
		if (schemas.length == 0) {
			throw new IllegalArgumentException("notifyInvalidate requires at least one schema name");
		}
		List<String> list = Arrays.asList(schemas);
		if (list.contains(null)) {
			throw new IllegalArgumentException("schema names must not be null");
		}
		List<String> unique = List.copyOf(new LinkedHashSet<>(list));
		if (this.timing.defer(() -> push(catalog, unique))) {
			return 0;
		}
		return push(catalog, unique);
	}

	private int push(String catalog, List<String> schemas) {
		// answers kept in memory must be fresh before clients re-ask
		shapeChanged(catalog);
		int sent = 0;
		for (LiveConnection connection : this.connections.serving(catalog)) {
			sent += connection.pushInvalidation(catalog, schemas);
		}
		if (this.broadcast != null) {
			this.broadcast.published(catalog, schemas);
		}
		return sent;
	}

	/**
	 * Return the schemas whose visible shape (tables, views, columns, types) changed
	 * since they were last pushed (by any instance, with a broadcast), or since startup.
	 * @param catalog the catalog
	 * @return the changed schemas, sorted
	 * @throws IllegalArgumentException when the catalog is not served
	 */
	public Set<String> getInvalidatedSchemas(String catalog) {
		requireServed(catalog);
		Map<String, String> current = currentShapes(catalog);
		if (current == null) {
			return Set.of();
		}
		Map<String, String> shared = (this.broadcast != null) ? this.broadcast.baseline(catalog) : null;
		return changed(current, (shared != null) ? shared : this.pushed.getOrDefault(catalog, Map.of()));
	}

	private static Set<String> changed(Map<String, String> current, Map<String, String> baseline) {
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
	 * @return whether at least one frame was queued on this instance ({@code false} when
	 * deferred to the commit of the surrounding transaction)
	 * @throws IllegalArgumentException when the catalog is not served
	 */
	public boolean notifyInvalidateIfStale(String catalog) {
		requireServed(catalog);
		if (this.timing.defer(() -> pushIfStale(catalog, true))) {
			return false;
		}
		return pushIfStale(catalog, true);
	}

	/**
	 * Push what changed, as {@link #notifyInvalidateIfStale} does, for a periodic check
	 * rather than for the application reporting a change.
	 * @param catalog the catalog
	 * @return whether at least one frame was queued on this instance
	 */
	boolean pushDetectedChanges(String catalog) {
		requireServed(catalog);
		if (this.timing.defer(() -> pushIfStale(catalog, false))) {
			return false;
		}
		return pushIfStale(catalog, false);
	}

	private synchronized boolean pushIfStale(String catalog, boolean reported) {
		if (reported) {
			// the application changed something, perhaps nothing clients see but what
			// their statements read (a granted table replaced by a view)
			shapeChanged(catalog);
		}
		// One reading of the catalog decides both what is pushed and the new baseline.
		Map<String, String> current = currentShapes(catalog);
		if (current == null) {
			return false;
		}
		// With a broadcast, the swap is atomic in the broker: of instances seeing one
		// change, one pushes it.
		Set<String> changed = (this.broadcast != null) ? this.broadcast.swapBaseline(catalog, current) : null;
		if (changed == null) {
			changed = changed(current, this.pushed.getOrDefault(catalog, Map.of()));
		}
		this.pushed.put(catalog, Map.copyOf(current));
		if (changed.isEmpty()) {
			return false;
		}
		return push(catalog, List.copyOf(changed)) > 0;
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
				if (this.broadcast != null) {
					this.broadcast.initBaseline(catalog, current);
				}
			}
		}
	}

	private void shapeChanged(String catalog) {
		for (CatalogShapeSource source : this.sources) {
			source.shapeChanged(catalog);
		}
	}

	private void requireServed(String catalog) {
		if (catalog == null || !this.served.test(catalog)) {
			throw new IllegalArgumentException("catalog \"" + catalog + "\" is not served");
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
