package io.n6k.access;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.n6k.backend.TableRef;

/**
 * Reads grants as configured ({@code "schema.table": read|readwrite}). A bare
 * {@code table} key means {@code main.table}. Messages name the offending key, so that a
 * caller can prefix the property it came from.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class Grants {

	private Grants() {
	}

	/**
	 * Parse a permissions map.
	 * @param permissions key to permission text
	 * @return permission per table, in configuration order
	 * @throws IllegalArgumentException for an empty map or a bad entry
	 */
	public static Map<TableRef, Permission> parse(Map<String, String> permissions) {
		if (permissions.isEmpty()) {
			throw new IllegalArgumentException("grants no table");
		}
		Map<TableRef, Permission> grants = new LinkedHashMap<>();
		permissions.forEach((key, value) -> {
			Permission permission = Permission.parse(value);
			if (permission == null) {
				throw new IllegalArgumentException(key + ": " + notAPermission(value));
			}
			grants.put(table(key), permission);
		});
		return grants;
	}

	/**
	 * Parse declared primary keys.
	 * @param primaryKeys key to columns
	 * @return columns per table
	 * @throws IllegalArgumentException for a bad entry
	 */
	public static Map<TableRef, List<String>> parsePrimaryKeys(Map<String, List<String>> primaryKeys) {
		Map<TableRef, List<String>> keys = new LinkedHashMap<>();
		primaryKeys.forEach((key, columns) -> {
			if (columns.isEmpty()) {
				throw new IllegalArgumentException(key + ": names no column");
			}
			keys.put(table(key), List.copyOf(columns));
		});
		return keys;
	}

	/**
	 * Split a {@code schema.table} key; a key without a dot names a table of
	 * {@code main}.
	 * @param key the key
	 * @return the table
	 * @throws IllegalArgumentException when the key is not {@code schema.table} or
	 * {@code table}
	 */
	public static TableRef table(String key) {
		int dot = key.indexOf('.');
		if (dot < 0) {
			if (key.isEmpty()) {
				throw new IllegalArgumentException(notATable(key));
			}
			return new TableRef("main", key);
		}
		String schema = key.substring(0, dot);
		String table = key.substring(dot + 1);
		if (schema.isEmpty() || table.isEmpty() || table.indexOf('.') >= 0) {
			throw new IllegalArgumentException(notATable(key));
		}
		return new TableRef(schema, table);
	}

	/**
	 * The message for a value that is not a permission.
	 * @param value the configured value
	 * @return the message
	 */
	public static String notAPermission(String value) {
		return "'" + value + "' is not a permission; use read or readwrite";
	}

	private static String notATable(String key) {
		return "'" + key + "' is not a table name; write schema.table (a bare table means main.table)";
	}

}
