package io.n6k.duckdb;

import java.sql.SQLException;

import io.n6k.access.CatalogAccess;
import io.n6k.protocol.N6kException;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

/**
 * Answers client metadata SQL ({@code information_schema}, {@code duckdb_tables()} and
 * friends, SHOW, DESCRIBE) as a view of the grant: on a {@link CatalogMirror} of what the
 * principal may see, never on the real database. SUMMARIZE is checked on the mirror (so
 * an ungranted table is reported exactly as a missing one) and then runs on the real
 * table under the {@link io.n6k.duckdb.SqlGuard}. A statement that mixes metadata with
 * data tables is not a metadata query: the guard refuses it as before.
 *
 * @author n6k
 */
final class Introspection {

	private final DuckDbDatabase database;

	private final CatalogAccess access;

	Introspection(DuckDbDatabase database, CatalogAccess access) {
		this.database = database;
		this.access = access;
	}

	/**
	 * Decide where a statement runs.
	 * @param sql the client's statement
	 * @return the mirror for a metadata statement; the real database with the served
	 * catalog as default for a statement that bound on the mirror but reads data (such as
	 * SUMMARIZE); {@code null} for the real database as it is
	 * @throws N6kException when the statement is refused, or names what the mirror does
	 * not hold in a statement only the mirror can answer
	 * @throws SQLException when DuckDB fails
	 */
	@Nullable Route route(String sql) throws SQLException {
		if (!MetadataGuard.mayBeMetadata(sql)) {
			return null;
		}
		CatalogMirror mirror = CatalogMirror.of(shape());
		DuckDBConnection connection = mirror.connect();
		try {
			if (MetadataGuard.isMetadata(connection, sql, CatalogMirror.META)) {
				return new Route(connection);
			}
		}
		catch (N6kException ex) {
			connection.close();
			if (MetadataGuard.isShowKind(sql)) {
				throw withoutMirrorNames(ex);
			}
			// not bindable on the mirror: the real database and its guard decide
			return null;
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
		connection.close();
		// it names only granted objects, resolved in the served catalog as on the mirror
		return new Route(null);
	}

	/** The grant set's shape, read once per catalog snapshot. */
	private CatalogShape shape() throws SQLException {
		MetadataSnapshot.View view = this.database.caches()
			.snapshot(this.database, this.access.catalog())
			.view(this.access);
		CatalogShape shape = view.shape();
		if (shape == null) {
			shape = CatalogShape.read(this.database, this.access);
			view.shape(shape);
		}
		return shape;
	}

	/**
	 * Where a statement runs.
	 *
	 * @param mirror the mirror connection to run it on (the caller closes it), or
	 * {@code null} to run it on the real database with the served catalog as default
	 */
	record Route(@Nullable DuckDBConnection mirror) {
	}

	/** Drop a "Did you mean" hint that names the mirror's snapshot catalog. */
	private static N6kException withoutMirrorNames(N6kException ex) {
		String message = ex.getMessage();
		if (message == null || !message.contains(CatalogMirror.META)) {
			return ex;
		}
		int hint = message.indexOf("\nDid you mean");
		String kept = (hint >= 0) ? message.substring(0, hint) : "n6k: the statement could not be checked";
		return new N6kException(ex.type(), kept);
	}

}
