package io.n6k.duckdb;

import java.security.Principal;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.n6k.access.CatalogAccess;
import io.n6k.access.RowPolicyProvider;
import io.n6k.access.TablePolicy;
import io.n6k.backend.TableRef;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * By hand, not a test: a 10 M-row table read through a selective select policy
 * ({@code tenant = $tenant}, 1 % of the rows) by the {@link PolicyBarrier}, against the
 * same reads without a policy. Run with
 * {@code java -cp <test classpath> io.n6k.duckdb.PolicyBarrierBenchmark}; prints the
 * median of 7 runs per case.
 */
public final class PolicyBarrierBenchmark {

	private PolicyBarrierBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
				BufferAllocator allocator = new RootAllocator()) {
			execute(connection, "ATTACH ':memory:' AS shop");
			execute(connection, "USE shop");
			execute(connection, "CREATE TABLE orders AS SELECT i AS id, i % 100 AS tenant, (i * 7) % 1000 AS amount, "
					+ "'note ' || i AS note FROM range(10000000) r(i)");
			execute(connection, "CREATE TABLE sorted AS SELECT * FROM orders ORDER BY tenant");
			for (String table : new String[] { "orders", "sorted" }) {
				CatalogAccess view = CatalogAccess
					.listed("shop", false,
							Map.of(new TableRef("main", table),
									new TablePolicy("tenant = $tenant", null, null, null, null)),
							Map.of(), RowPolicyProvider.CONFIGURED, (principal) -> Map.of("tenant", 7))
					.forPrincipal((Principal) () -> "bench");
				String aggregate = "SELECT count(*), sum(amount) FROM " + table;
				String all = "SELECT id, amount, note FROM " + table;
				report(table + " aggregate, no policy, whole table", time(connection, allocator, aggregate, null));
				report(table + " aggregate, no policy, WHERE tenant = 7",
						time(connection, allocator, aggregate + " WHERE tenant = 7", null));
				report(table + " aggregate, policy tenant = $tenant", time(connection, allocator, aggregate, view));
				report(table + " stream rows, no policy, WHERE tenant = 7",
						time(connection, allocator, all + " WHERE tenant = 7", null));
				report(table + " stream rows, policy tenant = $tenant", time(connection, allocator, all, view));
			}
		}
	}

	private static long time(DuckDBConnection connection, BufferAllocator allocator, String sql, CatalogAccess view)
			throws Exception {
		long[] runs = new long[7];
		for (int i = 0; i < runs.length; i++) {
			long start = System.nanoTime();
			String text = sql;
			PolicyBarrier barrier = null;
			if (view != null) {
				barrier = new PolicyBarrier(view, new PolicyBinding(view));
				text = barrier.rewrite(connection, sql);
			}
			drain(connection, allocator, text);
			runs[i] = System.nanoTime() - start;
			if (barrier != null) {
				barrier.release(connection);
			}
		}
		java.util.Arrays.sort(runs);
		return runs[runs.length / 2];
	}

	private static void drain(DuckDBConnection connection, BufferAllocator allocator, String sql) throws Exception {
		try (Statement statement = connection.createStatement();
				DuckDBResultSet rs = (DuckDBResultSet) statement.executeQuery(sql);
				ArrowReader reader = (ArrowReader) rs.arrowExportStream(allocator, 2048)) {
			while (reader.loadNextBatch()) {
				// read every batch, as a stream to a client would
			}
		}
	}

	private static void report(String name, long nanos) {
		System.out.printf("%-60s %8.1f ms%n", name, nanos / 1e6);
	}

	private static void execute(DuckDBConnection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
