package io.n6k.autoconfigure;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a DuckDB file that another process holds open.
 *
 * @author n6k
 */
class DuckDbLockedFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
		String message = String.valueOf(cause.getMessage());
		if (!message.contains("Could not set lock on file")) {
			return null;
		}
		return new FailureAnalysis("The DuckDB database file is locked by another process: " + message,
				"A DuckDB file can be opened read-write by one process only. Stop the other process, "
						+ "or serve the application's own DuckDB DataSource (n6k.duckdb.use-data-source), "
						+ "or attach the file read-only (n6k.catalogs.<name>.read-only=true).",
				cause);
	}

}
