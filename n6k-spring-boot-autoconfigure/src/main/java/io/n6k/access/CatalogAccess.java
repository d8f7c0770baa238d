package io.n6k.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.n6k.backend.TableRef;
import io.n6k.protocol.N6kException;
import org.jspecify.annotations.Nullable;

/**
 * What clients may do in one served catalog. Either the catalog is served whole (every
 * table readwrite, or read when the catalog is read-only; DDL allowed inside a writable
 * catalog), or only granted tables exist, each {@code read} or {@code readwrite}, and DDL
 * is refused. Table names match case-insensitively, as DuckDB identifiers do.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class CatalogAccess {

	private final String catalog;

	private final boolean readOnly;

	private final @Nullable Map<String, Grant> grants;

	private final Map<String, List<String>> primaryKeys;

	private CatalogAccess(String catalog, boolean readOnly, @Nullable Map<String, Grant> grants,
			Map<String, List<String>> primaryKeys) {
		this.catalog = catalog;
		this.readOnly = readOnly;
		this.grants = grants;
		this.primaryKeys = primaryKeys;
	}

	/**
	 * Serve a catalog whole.
	 * @param catalog the catalog
	 * @param readOnly whether clients may only read
	 * @return the access
	 */
	public static CatalogAccess whole(String catalog, boolean readOnly) {
		return new CatalogAccess(catalog, readOnly, null, Map.of());
	}

	/**
	 * Serve only granted tables.
	 * @param catalog the catalog
	 * @param readOnly whether the whole catalog is read-only (every grant acts as read)
	 * @param grants permission per table
	 * @param primaryKeys declared primary keys per table, overriding discovery
	 * @return the access
	 */
	public static CatalogAccess granted(String catalog, boolean readOnly, Map<TableRef, Permission> grants,
			Map<TableRef, List<String>> primaryKeys) {
		Map<String, Grant> byKey = new LinkedHashMap<>();
		grants.forEach((table, permission) -> byKey.put(key(table.schema(), table.table()),
				new Grant(table, readOnly ? Permission.READ : permission)));
		Map<String, List<String>> keys = new LinkedHashMap<>();
		primaryKeys.forEach((table, columns) -> keys.put(key(table.schema(), table.table()), List.copyOf(columns)));
		return new CatalogAccess(catalog, readOnly, byKey, keys);
	}

	public String catalog() {
		return this.catalog;
	}

	/**
	 * Return whether only granted tables exist.
	 * @return whether grants apply
	 */
	public boolean hasGrants() {
		return this.grants != null;
	}

	/**
	 * Return whether clients may only read.
	 * @return whether read-only
	 */
	public boolean readOnly() {
		return this.readOnly;
	}

	/**
	 * Return whether clients may create, alter and drop objects in the catalog.
	 * @return whether DDL is allowed
	 */
	public boolean allowsDdl() {
		return this.grants == null && !this.readOnly;
	}

	/**
	 * Return the permission on a table, or {@code null} when the table does not exist for
	 * clients.
	 * @param schema schema name
	 * @param table table name
	 * @return the permission or {@code null}
	 */
	public @Nullable Permission permission(String schema, String table) {
		if (this.grants == null) {
			return this.readOnly ? Permission.READ : Permission.READWRITE;
		}
		Grant grant = this.grants.get(key(schema, table));
		return (grant != null) ? grant.permission() : null;
	}

	/**
	 * Return the granted tables (empty when the catalog is served whole).
	 * @return the tables and their permissions
	 */
	public Map<TableRef, Permission> grants() {
		Map<TableRef, Permission> result = new LinkedHashMap<>();
		if (this.grants != null) {
			this.grants.values().forEach((grant) -> result.put(grant.table(), grant.permission()));
		}
		return result;
	}

	/**
	 * Return the declared primary key of a table, if any.
	 * @param schema schema name
	 * @param table table name
	 * @return the key columns
	 */
	public Optional<List<String>> primaryKey(String schema, String table) {
		return Optional.ofNullable(this.primaryKeys.get(key(schema, table)));
	}

	/**
	 * Require that a table exists for clients.
	 * @param table the table
	 * @return its permission
	 * @throws N6kException CatalogException worded like DuckDB's when it does not
	 */
	public Permission requireVisible(TableRef table) {
		Permission permission = permission(table.schema(), table.table());
		if (permission == null) {
			throw notFound(table.table());
		}
		return permission;
	}

	/**
	 * Require that clients may write a table.
	 * @param table the table
	 * @throws N6kException CatalogException when invisible, PermissionException when
	 * read-only
	 */
	public void requireWritable(TableRef table) {
		Permission permission = requireVisible(table);
		if (permission != Permission.READWRITE) {
			throw readOnlyTable(table.schema() + "." + table.table());
		}
	}

	/**
	 * Require that clients may change the catalog's structure.
	 * @param what the statement, such as {@code CREATE TABLE}
	 * @throws N6kException PermissionException when they may not
	 */
	public void requireDdl(String what) {
		if (this.grants != null) {
			throw N6kException.permission("n6k: " + what + " is not allowed on catalog \"" + this.catalog
					+ "\": it serves granted tables only");
		}
		if (this.readOnly) {
			throw N6kException
				.permission("n6k: " + what + " is not allowed on catalog \"" + this.catalog + "\": it is read-only");
		}
	}

	/**
	 * The error for a table that does not exist for clients, worded like DuckDB's.
	 * @param table the table name
	 * @return a CatalogException
	 */
	public static N6kException notFound(String table) {
		return new NotGrantedException(table);
	}

	/**
	 * The error for a write to a table clients may only read.
	 * @param qualifiedName {@code schema.table}
	 * @return a PermissionException
	 */
	public N6kException readOnlyTable(String qualifiedName) {
		if (this.readOnly && this.grants == null) {
			return N6kException.permission("n6k: catalog \"" + this.catalog + "\" is read-only");
		}
		return N6kException.permission("table \"" + qualifiedName + "\" is read-only (permission 'read')");
	}

	/**
	 * Filter a list of schemas down to those clients can see.
	 * @param schemas schema names
	 * @return the visible ones, in the same order
	 */
	public List<String> visibleSchemas(List<String> schemas) {
		if (this.grants == null) {
			return schemas;
		}
		List<String> result = new ArrayList<>();
		for (String schema : schemas) {
			for (Grant grant : this.grants.values()) {
				if (grant.table().schema().equalsIgnoreCase(schema)) {
					result.add(schema);
					break;
				}
			}
		}
		return result;
	}

	private static String key(String schema, String table) {
		return schema.toLowerCase(Locale.ROOT) + "\u0000" + table.toLowerCase(Locale.ROOT);
	}

	private record Grant(TableRef table, Permission permission) {
	}

}
