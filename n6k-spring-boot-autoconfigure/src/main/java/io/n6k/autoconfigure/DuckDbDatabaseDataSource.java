package io.n6k.autoconfigure;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.n6k.duckdb.DuckDbDatabase;
import org.jspecify.annotations.Nullable;

/**
 * The database the starter opened, as the application's {@link DataSource}: every
 * connection is a {@code duplicate()} of the served instance, so what the application
 * writes is what clients read. Closing a connection closes only that duplicate.
 *
 * @author n6k
 */
final class DuckDbDatabaseDataSource implements DataSource {

	private final DuckDbDatabase database;

	private @Nullable PrintWriter logWriter;

	DuckDbDatabaseDataSource(DuckDbDatabase database) {
		this.database = database;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return this.database.connect();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		// DuckDB has no users: the served instance is the only database there is.
		return getConnection();
	}

	@Override
	public @Nullable PrintWriter getLogWriter() {
		return this.logWriter;
	}

	@Override
	public void setLogWriter(@Nullable PrintWriter out) {
		this.logWriter = out;
	}

	@Override
	public void setLoginTimeout(int seconds) {
	}

	@Override
	public int getLoginTimeout() {
		return 0;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException("DuckDbDatabaseDataSource does not use java.util.logging");
	}

	@Override
	public <T> T unwrap(Class<T> type) throws SQLException {
		if (type.isInstance(this)) {
			return type.cast(this);
		}
		throw new SQLException(getClass().getSimpleName() + " does not wrap " + type.getName());
	}

	@Override
	public boolean isWrapperFor(Class<?> type) {
		return type.isInstance(this);
	}

}
