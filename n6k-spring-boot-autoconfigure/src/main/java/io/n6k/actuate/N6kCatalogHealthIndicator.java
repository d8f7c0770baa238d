package io.n6k.actuate;

import java.util.List;

import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.server.N6kConnections;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@link HealthIndicator} of one served DuckDB catalog, after Boot's
 * {@code DataSourceHealthIndicator}: DuckDB answers a query about the catalog (down when
 * it fails or the catalog is no longer attached), with the instance's lockdown state and
 * the live connections that serve the catalog as details.
 *
 * @author n6k
 * @since 0.1.0
 */
public class N6kCatalogHealthIndicator extends AbstractHealthIndicator {

	static final String VALIDATION_QUERY = "SELECT d.readonly, (SELECT count(*) FROM duckdb_tables() t "
			+ "WHERE t.database_name = d.database_name) FROM duckdb_databases() d WHERE d.database_name = ?";

	private static final String SETTINGS_QUERY = "SELECT name, value FROM duckdb_settings() "
			+ "WHERE name IN ('lock_configuration', 'enable_external_access')";

	private final DuckDbDatabase database;

	private final String catalog;

	private final N6kConnections connections;

	/**
	 * Create the indicator of a catalog.
	 * @param database the DuckDB instance that holds the catalog
	 * @param catalog the catalog name
	 * @param connections the live connections of the server
	 */
	public N6kCatalogHealthIndicator(DuckDbDatabase database, String catalog, N6kConnections connections) {
		super("n6k catalog health check failed");
		this.database = database;
		this.catalog = catalog;
		this.connections = connections;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		builder.withDetail("database", "DuckDB").withDetail("catalog", this.catalog);
		List<List<@Nullable Object>> rows = this.database.query(VALIDATION_QUERY, this.catalog);
		if (rows.isEmpty()) {
			builder.down().withDetail("error", "catalog \"" + this.catalog + "\" is not attached");
		}
		else {
			builder.up()
				.withDetail("readOnly", Boolean.TRUE.equals(rows.get(0).get(0)))
				.withDetail("tables", rows.get(0).get(1));
		}
		for (List<@Nullable Object> setting : this.database.query(SETTINGS_QUERY)) {
			boolean value = "true".equalsIgnoreCase(String.valueOf(setting.get(1)));
			if ("lock_configuration".equals(setting.get(0))) {
				builder.withDetail("lockdown", value);
			}
			else {
				builder.withDetail("externalAccess", value);
			}
		}
		builder.withDetail("connections", this.connections.serving(this.catalog).size());
	}

}
