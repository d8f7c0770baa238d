package io.n6k.autoconfigure;

import java.sql.SQLException;

import io.n6k.duckdb.DuckDbDatabase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Decides whether to lock the served DuckDB instance down
 * ({@link DuckDbDatabase#lockDown()}, protocol §6.3) and does it. It runs once every
 * singleton exists, whatever supplied the database, the catalogs or the sessions, and
 * after database initialization ({@code spring.sql.init}, Flyway, Liquibase).
 *
 * @author n6k
 */
final class DuckDbLockdown {

	private static final Log logger = LogFactory.getLog(DuckDbLockdown.class);

	private final N6kProperties.Duckdb properties;

	DuckDbLockdown(N6kProperties.Duckdb properties) {
		this.properties = properties;
	}

	void apply(DuckDbDatabase database) {
		Boolean configured = this.properties.getLockdown();
		boolean lockdown = (configured != null) ? configured : database.isOwnInstance();
		if (!lockdown) {
			if (!database.isOwnInstance()) {
				logger.info("n6k shares the application's DuckDB instance and does not lock it down "
						+ "(n6k.duckdb.lockdown=true to lock it)");
			}
			return;
		}
		try {
			database.lockDown();
		}
		catch (SQLException ex) {
			throw new N6kConfigurationException("n6k could not lock its DuckDB instance down: " + ex.getMessage(),
					"Set n6k.duckdb.lockdown=false if the instance must keep external access.", ex);
		}
	}

}
