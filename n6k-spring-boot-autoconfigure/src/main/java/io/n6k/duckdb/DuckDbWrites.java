package io.n6k.duckdb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.StringJoiner;
import java.util.UUID;

import io.n6k.access.CatalogAccess;
import io.n6k.access.PolicyVerb;
import io.n6k.backend.AlterAction;
import io.n6k.backend.ColumnDefinition;
import io.n6k.backend.RequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;
import io.n6k.backend.TableRef;
import io.n6k.protocol.N6kException;
import org.apache.arrow.c.ArrowArrayStream;
import org.duckdb.DuckDBConnection;

/**
 * Applies the structured writes of one DuckDB catalog (INSERT, CREATE TABLE, ALTER TABLE)
 * where the access rules allow them, with client-supplied column types checked by
 * {@link DuckDbColumnTypes}.
 *
 * @author n6k
 */
final class DuckDbWrites {

	private final DuckDbDatabase database;

	private final CatalogAccess access;

	private final String catalog;

	DuckDbWrites(DuckDbDatabase database, CatalogAccess access) {
		this.database = database;
		this.access = access;
		this.catalog = access.catalog();
	}

	Result insert(RequestContext context, Requests.Insert request) throws SQLException {
		PolicyBinding binding = new PolicyBinding(this.access.forPrincipal(context.principal()));
		String check = binding.predicate(request.table(), PolicyVerb.INSERT);
		String target = SqlRendering.table(this.catalog, request.table());
		// the registered stream stays behind as a temporary view, and the policy's values
		// are set on the connection: never reuse it
		try (ConnectionLease lease = this.database.lease().markDirty()) {
			DuckDBConnection connection = lease.connection();
			String view = "__n6k_insert_" + UUID.randomUUID().toString().replace("-", "");
			try (ArrowArrayStream stream = DuckDbJdbc.register(connection, view, request.rows(), context.allocator());
					Statement statement = connection.createStatement()) {
				if (check.equals(PolicyBinding.UNRESTRICTED)) {
					statement.execute("INSERT INTO " + target + " SELECT * FROM " + SqlRendering.identifier(view));
				}
				else {
					insertChecked(connection, statement, binding, request.table(), view, check);
				}
			}
			catch (SQLException ex) {
				throw DuckDbErrors.translate(ex);
			}
		}
		return Result.rowCount(request.rows().rowCount());
	}

	/**
	 * Insert rows that must each pass the table's insert policy, in one transaction: the
	 * rows are staged in a temporary table of the target's shape (named like the target,
	 * so that the policy's column references read the staged rows), checked, then
	 * inserted. One failing row fails the whole request and nothing is written.
	 */
	private void insertChecked(DuckDBConnection connection, Statement statement, PolicyBinding binding, TableRef table,
			String rows, String check) throws SQLException {
		String target = SqlRendering.table(this.catalog, table);
		String stage = "__n6k_stage_" + UUID.randomUUID().toString().replace("-", "");
		binding.apply(connection);
		connection.setAutoCommit(false);
		try {
			statement.execute(
					"CREATE TEMP TABLE " + SqlRendering.identifier(stage) + " AS SELECT * FROM " + target + " LIMIT 0");
			statement.execute("INSERT INTO temp.main." + SqlRendering.identifier(stage) + " SELECT * FROM "
					+ SqlRendering.identifier(rows));
			long failing;
			try (ResultSet rs = statement
				.executeQuery("SELECT count(*) FROM temp.main." + SqlRendering.identifier(stage) + " AS "
						+ SqlRendering.identifier(table.table()) + " WHERE " + check + " IS NOT TRUE")) {
				rs.next();
				failing = rs.getLong(1);
			}
			if (failing > 0) {
				throw N6kException.permission("n6k: " + failing + " row(s) violate the insert policy of table \""
						+ table.qualifiedName() + "\"; nothing was inserted");
			}
			statement.execute("INSERT INTO " + target + " SELECT * FROM temp.main." + SqlRendering.identifier(stage));
			statement.execute("DROP TABLE temp.main." + SqlRendering.identifier(stage));
			connection.commit();
		}
		catch (SQLException | RuntimeException ex) {
			DuckDbJdbc.rollback(connection);
			throw ex;
		}
	}

	Result createTable(Requests.CreateTable request) throws SQLException {
		this.access.requireDdl("CREATE TABLE");
		try (ConnectionLease lease = this.database.lease()) {
			DuckDBConnection connection = lease.connection();
			StringJoiner columns = new StringJoiner(", ", " (", ")");
			for (ColumnDefinition column : request.columns()) {
				columns.add(SqlRendering.identifier(column.name()) + " "
						+ DuckDbColumnTypes.checked(connection, column.type()));
			}
			changeShape(connection, "CREATE TABLE "
					+ SqlRendering.table(this.catalog, new TableRef(request.schema(), request.name())) + columns);
		}
		return Result.ok();
	}

	Result alterTable(Requests.AlterTable request) throws SQLException {
		this.access.requireDdl("ALTER TABLE");
		this.access.requireVisible(request.table());
		String table = "ALTER TABLE " + SqlRendering.table(this.catalog, request.table());
		try (ConnectionLease lease = this.database.lease()) {
			DuckDBConnection connection = lease.connection();
			String sql;
			if (request.action() instanceof AlterAction.AddColumn add) {
				sql = table + " ADD COLUMN " + SqlRendering.identifier(add.column().name()) + " "
						+ DuckDbColumnTypes.checked(connection, add.column().type());
			}
			else if (request.action() instanceof AlterAction.DropColumn drop) {
				sql = table + " DROP COLUMN " + SqlRendering.identifier(drop.name());
			}
			else {
				AlterAction.RenameColumn rename = (AlterAction.RenameColumn) request.action();
				sql = table + " RENAME COLUMN " + SqlRendering.identifier(rename.oldName()) + " TO "
						+ SqlRendering.identifier(rename.newName());
			}
			changeShape(connection, sql);
		}
		return Result.ok();
	}

	/** Run DDL; what was cached of the instance's shape is not used from here on. */
	private void changeShape(DuckDBConnection connection, String sql) {
		CatalogCaches caches = this.database.caches();
		caches.changed();
		try {
			DuckDbJdbc.execute(connection, sql);
		}
		finally {
			caches.changed();
		}
	}

}
