package io.n6k.backend;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reports the visible shape of a catalog's schemas, so that changes can be detected from
 * the catalog itself rather than from counters the application must remember to bump.
 *
 * @author n6k
 * @since 0.1.0
 */
@FunctionalInterface
public interface CatalogShapeSource {

	/**
	 * Return a fingerprint per schema of the tables and views clients can see, their
	 * columns and types.
	 * @param catalog the catalog
	 * @return fingerprint per schema, or {@code null} when this source does not know the
	 * catalog
	 */
	@Nullable Map<String, String> shapes(String catalog);

	/**
	 * Learn that a catalog's shape changed (the application said so, or a change was
	 * detected or heard of from another instance): what the source keeps in memory about
	 * it must not be used any more.
	 * @param catalog the catalog
	 */
	default void shapeChanged(String catalog) {
	}

}
