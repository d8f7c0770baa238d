package io.n6k.sample.conformance;

import java.util.Map;
import java.util.Objects;

import io.n6k.backend.CatalogHandler;
import io.n6k.backend.ConnectionBackend;
import io.n6k.duckdb.DuckDbDatabase;
import org.jspecify.annotations.Nullable;

/**
 * What one conformance connection is served by: its own fresh in-memory database (when a
 * catalog needs one) and a handler per catalog. Closing the connection drops the
 * database.
 */
final class ConformanceBackend implements ConnectionBackend {

	private final @Nullable DuckDbDatabase database;

	private final Map<String, CatalogHandler> handlers;

	ConformanceBackend(@Nullable DuckDbDatabase database, Map<String, CatalogHandler> handlers) {
		this.database = database;
		this.handlers = handlers;
	}

	@Nullable DuckDbDatabase database() {
		return this.database;
	}

	@Override
	public CatalogHandler handler(String catalog) {
		return Objects.requireNonNull(this.handlers.get(catalog), "catalog of the handshake");
	}

	@Override
	public void close() {
		if (this.database != null) {
			this.database.close();
		}
	}

}
