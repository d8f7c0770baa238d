package io.n6k.invalidation.broadcast;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What {@link io.n6k.invalidation.CatalogInvalidationService} needs to reach the other
 * instances of the application: sending a push it made locally, and a staleness baseline
 * shared by all instances. Every method returns at once when the other instances cannot
 * be reached; the service then works on its own.
 *
 * @author n6k
 * @since 0.1.0
 */
public interface InvalidationBroadcast {

	/**
	 * Send a push this instance made to its own clients to the other instances, which
	 * push it to theirs. Never blocks on the broker.
	 * @param catalog the catalog
	 * @param schemas the schemas
	 */
	void published(String catalog, List<String> schemas);

	/**
	 * Return the shared baseline: the shapes of the catalog's schemas as last pushed by
	 * any instance.
	 * @param catalog the catalog
	 * @return shape per schema, or {@code null} when there is none or the broker cannot
	 * be reached
	 */
	@Nullable Map<String, String> baseline(String catalog);

	/**
	 * Atomically replace the shared baseline with the given shapes and return the schemas
	 * whose shape differs from it, so that of several instances seeing the same change
	 * exactly one pushes it.
	 * @param catalog the catalog
	 * @param shapes the current shape per schema
	 * @return the changed schemas, or {@code null} when there was no shared baseline yet
	 * (it is now set) or the broker cannot be reached
	 */
	@Nullable Set<String> swapBaseline(String catalog, Map<String, String> shapes);

	/**
	 * Set the shared baseline of the catalog unless one exists.
	 * @param catalog the catalog
	 * @param shapes the current shape per schema
	 */
	void initBaseline(String catalog, Map<String, String> shapes);

}
