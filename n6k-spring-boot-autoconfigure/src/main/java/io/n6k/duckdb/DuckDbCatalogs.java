package io.n6k.duckdb;

import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.n6k.backend.CatalogHandler;
import io.n6k.backend.CatalogProvider;
import io.n6k.backend.CatalogShapeSource;
import org.jspecify.annotations.Nullable;

/**
 * The catalogs of one DuckDB database the server serves, with their handlers.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class DuckDbCatalogs implements CatalogProvider, CatalogShapeSource {

	private final DuckDbDatabase database;

	private final Map<String, DuckDbCatalogHandler> handlers;

	public DuckDbCatalogs(DuckDbDatabase database, Map<String, DuckDbCatalogHandler> handlers) {
		this.database = database;
		this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
	}

	public DuckDbDatabase database() {
		return this.database;
	}

	/**
	 * Return the handler of a catalog.
	 * @param catalog the name
	 * @return the handler or {@code null}
	 */
	public @Nullable DuckDbCatalogHandler handler(String catalog) {
		return this.handlers.get(catalog);
	}

	@Override
	public Map<String, CatalogHandler> catalogs() {
		return Collections.unmodifiableMap(this.handlers);
	}

	@Override
	public @Nullable Map<String, String> shapes(String catalog) {
		DuckDbCatalogHandler handler = this.handlers.get(catalog);
		if (handler == null) {
			return null;
		}
		try {
			return handler.schemaShapes();
		}
		catch (SQLException ex) {
			throw DuckDbErrors.translate(ex);
		}
	}

	@Override
	public void shapeChanged(String catalog) {
		if (this.handlers.containsKey(catalog)) {
			// a change of one catalog may change what another's views and statements read
			this.database.caches().changed();
		}
	}

}
