package io.n6k.test.duckdb;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.n6k.duckdb.SqlGuard;
import io.n6k.duckdb.DuckDbDatabase;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDataChunkWriter;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBTableFunction;
import org.duckdb.DuckDBTableFunctionBindInfo;
import org.duckdb.DuckDBTableFunctionCallInfo;
import org.duckdb.DuckDBTableFunctionInitInfo;

/**
 * The table function
 * {@code n6k_testing_stream_counter(count [, interval_ms]) -> (n BIGINT)} of the n6k test
 * fixtures: emits 0, 1, 2, …, stops after {@code count} rows, never ends when
 * {@code count <= 0}; 2,048 rows per chunk, or with an interval one row per chunk after
 * each sleep. Usable from RPC and from client SQL (the SQL guard sees through it).
 *
 * @author n6k
 * @since 0.1.0
 */
public final class N6kTestingFunctions {

	/**
	 * The Java table function behind the public macro (Java UDFs cannot be overloaded).
	 */
	static final String COUNTER = "__n6k_stream_counter";

	/** What the SQL guard needs to know about the opaque Java function. */
	public static final SqlGuard.OpaqueFunction OPAQUE_COUNTER = new SqlGuard.OpaqueFunction(COUNTER, List.of(2),
			List.of("n BIGINT"));

	private N6kTestingFunctions() {
	}

	/**
	 * Register the functions in a database: the Java table function and the public macro
	 * {@code n6k_testing_stream_counter} (one and two arguments) in {@code memory.main}
	 * (or the database's default catalog).
	 * @param database the database
	 * @throws SQLException on failure
	 */
	public static void register(DuckDbDatabase database) throws SQLException {
		try (DuckDBConnection connection = database.connect(); Statement statement = connection.createStatement()) {
			DuckDBFunctions.tableFunction()
				.withName(COUNTER)
				.withParameters(Long.class, Long.class)
				.withFunction(new StreamCounter())
				.register(connection);
			statement.execute("CREATE OR REPLACE MACRO n6k_testing_stream_counter(count) AS TABLE (SELECT n FROM "
					+ COUNTER + "(count, 0)), (count, interval_ms) AS TABLE (SELECT n FROM " + COUNTER
					+ "(count, interval_ms))");
		}
	}

	private static final class StreamCounter implements DuckDBTableFunction<long[], long[], Object> {

		@Override
		public long[] bind(DuckDBTableFunctionBindInfo info) {
			info.addResultColumn("n", Long.class);
			return new long[] { info.getParameter(0).getLong(), info.getParameter(1).getLong() };
		}

		@Override
		public long[] init(DuckDBTableFunctionInitInfo info) {
			info.setMaxThreads(1);
			return new long[] { 0 };
		}

		@Override
		public long apply(DuckDBTableFunctionCallInfo info, DuckDBDataChunkWriter output) throws InterruptedException {
			long[] arguments = info.getBindData();
			long[] state = info.getInitData();
			long count = arguments[0];
			long interval = arguments[1];
			boolean endless = count <= 0;
			if (!endless && state[0] >= count) {
				return 0;
			}
			if (interval > 0) {
				TimeUnit.MILLISECONDS.sleep(interval);
				output.vector(0).setLong(0, state[0]++);
				return 1;
			}
			long rows = 0;
			long capacity = Math.min(output.capacity(), 2048);
			while (rows < capacity && (endless || state[0] < count)) {
				output.vector(0).setLong(rows++, state[0]++);
			}
			return rows;
		}

	}

}
