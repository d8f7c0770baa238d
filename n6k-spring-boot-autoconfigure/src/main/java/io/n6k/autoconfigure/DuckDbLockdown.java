package io.n6k.autoconfigure;

import java.sql.SQLException;

import io.n6k.duckdb.DuckDbDatabase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Locks the served DuckDB instance down as the second wall behind the SQL guard: no file
 * or network access, no extension installs or loads, no persistent secrets,
 * configuration locked last (protocol §6.3). It runs once every singleton
 * exists, whatever supplied the database, the catalogs or the sessions, and after
 * database initialization ({@code spring.sql.init}, Flyway, Liquibase).
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
			if (isLocked(database)) {
				return;
			}
			database.execute("SET enable_external_access = false", "SET autoinstall_known_extensions = false",
					"SET autoload_known_extensions = false", "SET allow_community_extensions = false",
					"SET allow_unsigned_extensions = false", "SET allow_persistent_secrets = false",
					"SET lock_configuration = true");
		}
		catch (SQLException ex) {
			throw new N6kConfigurationException("n6k could not lock its DuckDB instance down: " + ex.getMessage(),
					"Set n6k.duckdb.lockdown=false if the instance must keep external access.", ex);
		}
	}

	/**
	 * Return whether an instance is already locked (an instance shared by two
	 * application contexts): its settings can no longer change.
	 */
	private static boolean isLocked(DuckDbDatabase database) throws SQLException {
		return Boolean.TRUE.equals(database
			.query("SELECT current_setting('lock_configuration') AND NOT current_setting('enable_external_access')")
			.get(0)
			.get(0));
	}

}
