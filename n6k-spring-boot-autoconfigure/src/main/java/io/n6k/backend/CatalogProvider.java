package io.n6k.backend;

import java.util.Map;

/**
 * Contributes shared catalogs to the default {@link SessionFactory}, as the DuckDB
 * backend does for the catalogs configured under {@code n6k.catalogs}.
 *
 * @author n6k
 * @since 0.1.0
 */
@FunctionalInterface
public interface CatalogProvider {

	/**
	 * Return handlers by catalog name.
	 * @return the catalogs
	 */
	Map<String, CatalogHandler> catalogs();

}
