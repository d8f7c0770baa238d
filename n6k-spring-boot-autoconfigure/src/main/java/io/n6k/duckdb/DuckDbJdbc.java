package io.n6k.duckdb;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import io.n6k.backend.ArrowPayload;
import io.n6k.backend.RequestContext;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

/**
 * JDBC plumbing shared by the parts of {@link DuckDbCatalogHandler}: per-request
 * connections that a cancel closes, Arrow registration and small query helpers.
 *
 * @author n6k
 */
final class DuckDbJdbc {

	/**
	 * Rows per batch for results of arbitrary SQL: one DuckDB vector, so slow sources
	 * stream.
	 */
	static final long STREAMING_BATCH_ROWS = 2048;

	private DuckDbJdbc() {
	}

	/**
	 * Lease the request's connection; cancelling the request before its stream starts
	 * closes it, which interrupts DuckDB wherever it is (and keeps it out of the pool).
	 */
	static ConnectionLease connect(DuckDbDatabase database, RequestContext context) throws SQLException {
		ConnectionLease lease = database.lease();
		context.onCancel(lease::interrupt);
		return lease;
	}

	/**
	 * Stream a read-only query on its own connection, in fixed batches or sized by
	 * throughput ({@code 0}).
	 */
	static ArrowQuerySource openQuery(DuckDbDatabase database, RequestContext context, String sql, long batchRows)
			throws SQLException {
		return openQuery(database, context, sql, batchRows, null);
	}

	/**
	 * Stream a read-only query on its own connection, with the values of row policies set
	 * on that connection first (which makes the connection dirty: it is not pooled
	 * again).
	 */
	static ArrowQuerySource openQuery(DuckDbDatabase database, RequestContext context, String sql, long batchRows,
			@Nullable PolicyBinding binding) throws SQLException {
		ConnectionLease lease = connect(database, context);
		try {
			ToLongFunction<ResultSetMetaData> sizing = (batchRows > 0) ? (metadata) -> batchRows
					: BatchSizing::throughputRows;
			if (binding != null && binding.hasValues()) {
				lease.markDirty();
				binding.apply(lease.connection());
			}
			else {
				ArrowQuerySource prepared = ArrowQuerySource.openPrepared(lease, sql, database.caches().version(),
						context.allocator(), sizing);
				if (prepared != null) {
					return prepared;
				}
			}
			return ArrowQuerySource.open(lease, sql, context.allocator(), sizing, false, true);
		}
		catch (SQLException | RuntimeException ex) {
			lease.close();
			throw DuckDbErrors.translate(ex);
		}
	}

	static ArrowArrayStream register(DuckDBConnection connection, String name, ArrowPayload payload,
			BufferAllocator allocator) {
		ArrowStreamReader reader = payload.openReader(allocator);
		ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
		try {
			Data.exportArrayStream(allocator, reader, stream);
			connection.registerArrowStream(name, stream);
			return stream;
		}
		catch (RuntimeException ex) {
			stream.close();
			throw ex;
		}
	}

	static void execute(DuckDBConnection connection, String sql) {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw DuckDbErrors.translate(ex);
		}
	}

	static List<List<@Nullable Object>> rows(DuckDBConnection connection, String sql, Object... parameters)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			try (ResultSet rs = statement.executeQuery()) {
				List<List<@Nullable Object>> rows = new ArrayList<>();
				int columns = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					List<@Nullable Object> row = new ArrayList<>();
					for (int i = 1; i <= columns; i++) {
						row.add(rs.getObject(i));
					}
					rows.add(row);
				}
				return rows;
			}
		}
	}

	static void rollback(DuckDBConnection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			// the connection is closed next
		}
	}

	static void closeQuietly(DuckDBConnection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// closing
		}
	}

	/**
	 * Read a DuckDB list value (a JDBC {@code Array}, or a list) as strings.
	 * @param value the value, or {@code null}
	 * @return the elements as strings, empty for {@code null}
	 * @throws SQLException when the array cannot be read
	 */
	static List<String> stringList(@Nullable Object value) throws SQLException {
		List<String> result = new ArrayList<>();
		if (value instanceof Array array) {
			for (Object element : (Object[]) array.getArray()) {
				result.add(String.valueOf(element));
			}
		}
		else if (value instanceof List<?> list) {
			list.forEach((element) -> result.add(String.valueOf(element)));
		}
		return result;
	}

}
