package io.n6k.protocol;

import java.util.List;

/**
 * One row of a TABLES_LIST answer.
 *
 * @param schema schema name
 * @param name table or view name
 * @param writable whether clients may insert, update and delete
 * @param editable whether clients may alter the table
 * @param primaryKeys primary key columns in key order
 * @author n6k
 * @since 0.1.0
 */
public record TableInfo(String schema, String name, boolean writable, boolean editable, List<String> primaryKeys) {

	public TableInfo {
		primaryKeys = List.copyOf(primaryKeys);
	}

}
