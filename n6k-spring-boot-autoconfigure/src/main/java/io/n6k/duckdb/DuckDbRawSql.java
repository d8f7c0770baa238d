package io.n6k.duckdb;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.n6k.access.CatalogAccess;
import io.n6k.backend.RequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;
import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.N6kException;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

/**
 * Runs a client's own SQL (QUERY, EXEC) on one DuckDB catalog: metadata queries go to the
 * catalog mirror, everything else through the {@link SqlGuard} in a transaction.
 *
 * @author n6k
 */
final class DuckDbRawSql {

	private final DuckDbDatabase database;

	private final CatalogAccess access;

	private final SqlGuard guard;

	private final String catalog;

	private final Introspection introspection;

	DuckDbRawSql(DuckDbDatabase database, CatalogAccess access, SqlGuard guard) {
		this.database = database;
		this.access = access;
		this.guard = guard;
		this.catalog = access.catalog();
		this.introspection = new Introspection(database, access);
	}

	Result exec(RequestContext context, Requests.Sql request) throws SQLException {
		Introspection.Route route = introspect(request.sql());
		if (route != null && route.mirror() != null) {
			try (DuckDBConnection mirror = route.mirror(); Statement statement = mirror.createStatement()) {
				statement.execute(request.sql());
				try (ResultSet rs = statement.getResultSet()) {
					return Result.rowCount(firstCellAsLong(rs));
				}
			}
			catch (SQLException | RuntimeException ex) {
				throw DuckDbErrors.translate(ex);
			}
		}
		// the client's SQL ran on it: never reuse the connection
		try (ConnectionLease lease = this.database.lease().markDirty()) {
			DuckDBConnection connection = lease.connection();
			if (route != null) {
				useServedCatalog(connection);
			}
			connection.setAutoCommit(false);
			boolean ddl = false;
			try {
				CatalogAccess view = this.access.forPrincipal(context.principal());
				SqlGuard.Checked checked = requireKeys(this.guard.check(connection, request.sql(), view, false));
				ddl = checked.ddl();
				if (ddl) {
					this.database.caches().changed();
				}
				if (!checked.policiedTables().isEmpty()) {
					Object result;
					try {
						result = new PolicySql(view).exec(connection, request.sql(), checked);
					}
					catch (SQLException ex) {
						throw PolicySql.withoutContext(ex);
					}
					connection.commit();
					return Result.rowCount(asLong(result));
				}
				long rowCount;
				try (Statement statement = connection.createStatement()) {
					if (statement.execute(request.sql())) {
						try (ResultSet rs = statement.getResultSet()) {
							rowCount = firstCellAsLong(rs);
						}
					}
					else {
						rowCount = Math.max(0, statement.getUpdateCount());
					}
				}
				connection.commit();
				return Result.rowCount(rowCount);
			}
			catch (SQLException | RuntimeException ex) {
				DuckDbJdbc.rollback(connection);
				throw DuckDbErrors.translate(ex);
			}
			finally {
				if (ddl) {
					this.database.caches().changed();
				}
			}
		}
	}

	Result query(RequestContext context, Requests.Sql request) throws SQLException {
		Introspection.Route route = introspect(request.sql());
		DuckDBConnection mirror = (route != null) ? route.mirror() : null;
		if (mirror != null) {
			context.onCancel(() -> DuckDbJdbc.closeQuietly(mirror));
			try {
				return Result.stream(ArrowQuerySource.open(ConnectionLease.unpooled(mirror), request.sql(),
						context.allocator(), DuckDbJdbc.STREAMING_BATCH_ROWS, false, true));
			}
			catch (SQLException | RuntimeException ex) {
				DuckDbJdbc.closeQuietly(mirror);
				throw DuckDbErrors.translate(ex);
			}
		}
		CatalogAccess view = this.access.forPrincipal(context.principal());
		CatalogCaches caches = this.database.caches();
		GuardVerdicts.Key key = new GuardVerdicts.Key(this.guard, view.visibilityKey(), route != null, request.sql());
		long version = caches.version();
		if (caches.verdicts().get(key, version) != null) {
			ArrowQuerySource source;
			try {
				source = open(context, route, request.sql());
			}
			catch (SQLException | RuntimeException ex) {
				if (caches.version() == version) {
					throw ex;
				}
				// the error may come from a shape the verdict was not reached on
				source = null;
			}
			// The statement's transaction began after the version was read: unchanged
			// now, it sees the shape the verdict was reached on.
			if (source != null && caches.version() == version) {
				return Result.stream(source);
			}
			if (source != null) {
				source.close();
			}
		}
		// the client's SQL runs on it: never reuse the connection
		ConnectionLease lease = DuckDbJdbc.connect(this.database, context).markDirty();
		try {
			DuckDBConnection connection = lease.connection();
			if (route != null) {
				useServedCatalog(connection);
			}
			connection.setAutoCommit(false);
			version = caches.version();
			long checkedAt = System.nanoTime();
			SqlGuard.Checked checked = requireKeys(this.guard.check(connection, request.sql(), view, false));
			if (!checked.policiedTables().isEmpty()) {
				if (checked.ddl()) {
					caches.changed();
				}
				PolicySql policies = new PolicySql(view);
				String sql = policies.query(connection, request.sql(), checked);
				boolean read = !checked.writes();
				try {
					return Result.stream(ArrowQuerySource.open(lease, sql, context.allocator(),
							(metadata) -> DuckDbJdbc.STREAMING_BATCH_ROWS, true, read, policies::prepareDiagnosis));
				}
				catch (SQLException ex) {
					throw PolicySql.withoutContext(ex);
				}
			}
			caches.verdicts().put(key, version, checkedAt, checked);
			if (!checked.ddl()) {
				return Result.stream(ArrowQuerySource.open(lease, request.sql(), context.allocator(),
						DuckDbJdbc.STREAMING_BATCH_ROWS, true, !checked.writes()));
			}
			caches.changed();
			try {
				return Result.stream(new ShapeChangingSource(ArrowQuerySource.open(lease, request.sql(),
						context.allocator(), DuckDbJdbc.STREAMING_BATCH_ROWS, true, false), caches));
			}
			catch (SQLException | RuntimeException ex) {
				caches.changed();
				throw ex;
			}
		}
		catch (SQLException | RuntimeException ex) {
			lease.close();
			throw DuckDbErrors.translate(ex);
		}
	}

	/** Run a read-only statement the guard has allowed before, on its own connection. */
	private ArrowQuerySource open(RequestContext context, Introspection.@Nullable Route route, String sql)
			throws SQLException {
		// the client's SQL runs on it: never reuse the connection
		ConnectionLease lease = DuckDbJdbc.connect(this.database, context).markDirty();
		try {
			DuckDBConnection connection = lease.connection();
			if (route != null) {
				useServedCatalog(connection);
			}
			// One read-only statement: auto-commit gives it the same single transaction,
			// without the COMMIT statement duckdb_jdbc's commit() would parse and run.
			return ArrowQuerySource.open(lease, sql, context.allocator(), DuckDbJdbc.STREAMING_BATCH_ROWS, false, true);
		}
		catch (SQLException | RuntimeException ex) {
			lease.close();
			throw DuckDbErrors.translate(ex);
		}
	}

	/** Where a statement that may be a metadata query runs, or {@code null}. */
	private Introspection.@Nullable Route introspect(String sql) throws SQLException {
		try {
			return this.introspection.route(sql);
		}
		catch (SQLException | RuntimeException ex) {
			throw DuckDbErrors.translate(ex);
		}
	}

	/** Resolve unqualified names in the served catalog, as the mirror did. */
	private void useServedCatalog(DuckDBConnection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("USE " + SqlRendering.identifier(this.catalog));
		}
	}

	/**
	 * On a catalog with grants, UPDATE and DELETE need a key, discovered or declared, as
	 * the bridge requires (protocol §10.4).
	 */
	private SqlGuard.Checked requireKeys(SqlGuard.Checked checked) throws SQLException {
		if (!this.access.hasGrants()) {
			return checked;
		}
		for (List<String> table : checked.keyedWrites()) {
			String schema = table.get(1);
			String name = table.get(2);
			if (this.access.primaryKey(schema, name).isPresent()) {
				continue;
			}
			boolean discovered = !this.database
				.query("SELECT 1 FROM duckdb_constraints() WHERE database_name = ? "
						+ "AND schema_name = ? AND table_name = ? AND constraint_type = 'PRIMARY KEY'", this.catalog,
						schema, name)
				.isEmpty();
			if (!discovered) {
				throw new N6kException(ExceptionType.BinderException,
						"n6k: table \"" + schema + "." + name
								+ "\" has no key; UPDATE and DELETE need one (declare it in n6k.catalogs."
								+ this.catalog + ".primary-keys)");
			}
		}
		return checked;
	}

	private static long firstCellAsLong(ResultSet rs) throws SQLException {
		if (rs.getMetaData().getColumnCount() < 1 || !rs.next()) {
			return 0;
		}
		return asLong(rs.getObject(1));
	}

	private static long asLong(@Nullable Object value) {
		if (value == null) {
			return 0;
		}
		if (value instanceof Boolean b) {
			return b ? 1 : 0;
		}
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ((Number) value).longValue();
		}
		if (value instanceof Number number) {
			try {
				return new BigDecimal(number.toString()).setScale(0, RoundingMode.HALF_UP).longValueExact();
			}
			catch (ArithmeticException | NumberFormatException ex) {
				throw new N6kException(ExceptionType.ConversionException, "Could not convert " + number + " to INT64");
			}
		}
		String text = value.toString();
		try {
			return Long.parseLong(text.trim());
		}
		catch (NumberFormatException ex) {
			throw new N6kException(ExceptionType.ConversionException,
					"Could not convert string '" + text + "' to INT64");
		}
	}

}
