package io.n6k.autoconfigure;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains a DuckDB file that another process holds open. Ordered before
 * {@link N6kConfigurationFailureAnalyzer}, which would otherwise explain the wrapping
 * exception with generic advice.
 *
 * @author n6k
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class DuckDbLockedFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
		String message = String.valueOf(cause.getMessage());
		if (!message.contains("Could not set lock on file")) {
			return null;
		}
		return new FailureAnalysis("The DuckDB database file is locked by another process: " + message,
				"A DuckDB file can be open read-write by one process only, and not at all while another process "
						+ "writes it. Stop the other process (the message names its PID). If no process needs to write "
						+ "the file, open it read-only everywhere: n6k.catalogs.<name>.read-only=true here and "
						+ "ATTACH ... (READ_ONLY) or access_mode=READ_ONLY in the others (DuckDB lets several processes "
						+ "read a file). If the application writes the file itself, open it once: give its path to "
						+ "spring.datasource.url and let n6k serve that DataSource instead of opening it again "
						+ "(n6k.duckdb.url, n6k.catalogs.<name>.path).",
				cause);
	}

}
