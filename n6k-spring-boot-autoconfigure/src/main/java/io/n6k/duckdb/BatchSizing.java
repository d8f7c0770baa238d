package io.n6k.duckdb;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Sizes the Arrow batches of table scans for throughput: about 1 MB per batch (the lab's
 * fastest size on this kind of machine), in whole DuckDB vectors of 2,048 rows, between
 * one and 32 vectors. Row width is estimated from the result's column types.
 *
 * @author n6k
 */
final class BatchSizing {

	private static final long VECTOR = 2048;

	private static final long TARGET_BYTES = 1 << 20;

	private BatchSizing() {
	}

	static long throughputRows(ResultSetMetaData metadata) {
		long rowBytes = 0;
		try {
			for (int i = 1; i <= metadata.getColumnCount(); i++) {
				rowBytes += width(metadata.getColumnTypeName(i));
			}
		}
		catch (SQLException ex) {
			return VECTOR;
		}
		long rows = TARGET_BYTES / Math.max(1, rowBytes);
		rows = (rows / VECTOR) * VECTOR;
		return Math.max(VECTOR, Math.min(rows, 32 * VECTOR));
	}

	private static long width(String typeName) {
		String type = typeName.toUpperCase(Locale.ROOT);
		if (type.endsWith("]") || type.startsWith("STRUCT") || type.startsWith("MAP") || type.startsWith("UNION")) {
			return 64;
		}
		if (type.startsWith("DECIMAL")) {
			return 16;
		}
		return switch (type) {
			case "BOOLEAN", "TINYINT", "UTINYINT" -> 1;
			case "SMALLINT", "USMALLINT" -> 2;
			case "INTEGER", "UINTEGER", "FLOAT", "DATE" -> 4;
			case "BIGINT", "UBIGINT", "DOUBLE", "TIME", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS",
					"TIMESTAMP WITH TIME ZONE", "TIME WITH TIME ZONE" ->
				8;
			case "HUGEINT", "UHUGEINT", "INTERVAL" -> 16;
			case "UUID" -> 40;
			case "BLOB" -> 36;
			default -> 20;
		};
	}

}
