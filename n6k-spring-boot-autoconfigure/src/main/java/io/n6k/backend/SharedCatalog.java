package io.n6k.backend;

/**
 * A catalog served to every connection by one stateless handler (a "sessionless"
 * backend). Declare beans of this type to serve catalogs that do not come from DuckDB;
 * the default {@link SessionFactory} serves them next to the configured DuckDB catalogs.
 *
 * @param name the catalog name clients ask for
 * @param handler the handler, shared by all connections and called concurrently
 * @author n6k
 * @since 0.1.0
 */
public record SharedCatalog(String name, CatalogHandler handler) {
}
