package io.n6k.duckdb;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.StringJoiner;
import java.util.UUID;

import io.n6k.access.CatalogAccess;
import io.n6k.backend.AlterAction;
import io.n6k.backend.ColumnDefinition;
import io.n6k.backend.RequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;
import io.n6k.backend.TableRef;
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
		this.access.requireWritable(request.table());
		try (DuckDBConnection connection = this.database.connect()) {
			String view = "__n6k_insert_" + UUID.randomUUID().toString().replace("-", "");
			try (ArrowArrayStream stream = DuckDbJdbc.register(connection, view, request.rows(), context.allocator());
					Statement statement = connection.createStatement()) {
				statement.execute("INSERT INTO " + SqlRendering.table(this.catalog, request.table()) + " SELECT * FROM "
						+ SqlRendering.identifier(view));
			}
			catch (SQLException ex) {
				throw DuckDbErrors.translate(ex);
			}
		}
		return Result.rowCount(request.rows().rowCount());
	}

	Result createTable(Requests.CreateTable request) throws SQLException {
		this.access.requireDdl("CREATE TABLE");
		try (DuckDBConnection connection = this.database.connect()) {
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
		try (DuckDBConnection connection = this.database.connect()) {
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
