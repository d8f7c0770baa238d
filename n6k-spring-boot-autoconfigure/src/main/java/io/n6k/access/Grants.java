package io.n6k.access;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.n6k.backend.TableRef;

/**
 * Reads grants as configured ({@code "schema.table": read|readwrite}), with the bridge's
 * validation messages (protocol §10.1). A bare {@code table} key means
 * {@code main.table}.
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
	 * @throws IllegalArgumentException with the bridge's message for a bad entry
	 */
	public static Map<TableRef, Permission> parse(Map<String, String> permissions) {
		if (permissions.isEmpty()) {
			throw new IllegalArgumentException("bridge: permissions cannot be empty");
		}
		Map<TableRef, Permission> grants = new LinkedHashMap<>();
		permissions.forEach((key, value) -> {
			Permission permission = Permission.parse(value);
			if (permission == null) {
				throw new IllegalArgumentException("bridge: invalid permission '" + value + "' for '" + key
						+ "'; expected 'read' or 'readwrite'");
			}
			grants.put(table(key, "permissions"), permission);
		});
		return grants;
	}

	/**
	 * Parse declared primary keys.
	 * @param primaryKeys key to columns
	 * @return columns per table
	 */
	public static Map<TableRef, List<String>> parsePrimaryKeys(Map<String, List<String>> primaryKeys) {
		Map<TableRef, List<String>> keys = new LinkedHashMap<>();
		primaryKeys.forEach((key, columns) -> {
			if (columns.isEmpty()) {
				throw new IllegalArgumentException("bridge: primary key of '" + key + "' names no column");
			}
			keys.put(table(key, "primary_keys"), List.copyOf(columns));
		});
		return keys;
	}

	/**
	 * Split a {@code schema.table} key; a key without a dot names a table of {@code main}.
	 * @param key the key
	 * @param what {@code permissions} or {@code primary_keys}, for the message
	 * @return the table
	 */
	public static TableRef table(String key, String what) {
		int dot = key.indexOf('.');
		if (dot < 0) {
			if (key.isEmpty()) {
				throw new IllegalArgumentException("bridge: " + what + " key '" + key + "' must be 'schema.table'");
			}
			return new TableRef("main", key);
		}
		String schema = key.substring(0, dot);
		String table = key.substring(dot + 1);
		if (schema.isEmpty() || table.isEmpty() || table.indexOf('.') >= 0) {
			throw new IllegalArgumentException("bridge: " + what + " key '" + key + "' must be 'schema.table'");
		}
		return new TableRef(schema, table);
	}

}
