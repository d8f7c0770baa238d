package io.n6k.sample.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.n6k.client.ArrowStreamResult;
import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.duckdb.DuckDBResultSet;

/**
 * Bulk read of the {@code main.bulk} table (BIGINT, DECIMAL, VARCHAR, TIMESTAMP; see
 * {@code src/bench/bench-data.sql}) into Arrow vectors, timed per read with the CPU both
 * ends spent. Modes:
 * <ul>
 * <li>{@code stream}: a SCAN over the JDK WebSocket through {@link N6kClient#stream}
 * (batches decoded in place, chunks credited on arrival);</li>
 * <li>{@code frames}: the same SCAN through the frame API ({@code take}, one
 * {@code CREDIT} per consumed chunk, each body read through Arrow's channel reader), what
 * a client built on {@link ReceivedFrame} does;</li>
 * <li>{@code inprocess}: DuckDB's own Arrow export of the same table in this JVM (the
 * floor for the server's CPU).</li>
 * </ul>
 * Not a test: {@code src/bench/run-all.sh} runs it.
 *
 * <pre>
 * java -cp &lt;test classpath&gt; io.n6k.sample.bench.BulkReadBenchmark --mode=stream \
 *   --url=ws://127.0.0.1:8099/ws?catalog=db --pid=&lt;server pid&gt; [--runs=3]
 * java -cp &lt;test classpath&gt; io.n6k.sample.bench.BulkReadBenchmark --mode=inprocess --sql=&lt;rendered bench-data.sql&gt;
 * </pre>
 *
 * @author n6k
 */
public final class BulkReadBenchmark {

	private BulkReadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String mode = BenchSupport.arg(args, "mode", "stream");
		String url = BenchSupport.arg(args, "url", "ws://127.0.0.1:8099/ws?catalog=db");
		long pid = Long.parseLong(BenchSupport.arg(args, "pid", "0"));
		int runs = Integer.parseInt(BenchSupport.arg(args, "runs", "3"));
		long batchRows = Long.parseLong(BenchSupport.arg(args, "batch-rows", "24576"));
		List<Double> wall = new ArrayList<>();
		List<Double> serverCpu = new ArrayList<>();
		List<Double> clientCpu = new ArrayList<>();
		long rows = 0;
		try (BufferAllocator allocator = new RootAllocator()) {
			Reader reader;
			AutoCloseable resource;
			if (mode.equals("inprocess")) {
				Connection connection = DriverManager.getConnection("jdbc:duckdb:");
				try (Statement statement = connection.createStatement()) {
					for (String sql : Files.readString(Path.of(BenchSupport.arg(args, "sql", "")))
						.replaceAll("(?m)^--.*$", "")
						.split(";\\s*\n")) {
						if (!sql.isBlank()) {
							statement.execute(sql);
						}
					}
				}
				reader = () -> inProcess(connection, allocator, batchRows);
				resource = connection;
				pid = ProcessHandle.current().pid();
			}
			else {
				N6kClient client = BenchSupport.connect(HttpClient.newHttpClient(), url, Duration.ofSeconds(10));
				long[] ids = { 100 };
				reader = mode.equals("frames") ? () -> frames(client, ++ids[0], allocator)
						: () -> stream(client, ++ids[0], allocator);
				resource = client;
			}
			for (int run = 0; run <= runs; run++) {
				double server = BenchSupport.cpuSeconds(pid);
				double own = BenchSupport.ownCpuSeconds();
				long start = System.nanoTime();
				rows = reader.read();
				double seconds = (System.nanoTime() - start) / 1e9;
				double serverSpent = BenchSupport.cpuSeconds(pid) - server;
				double ownSpent = BenchSupport.ownCpuSeconds() - own;
				System.out.printf("bulk %s run %d%s: %,d rows in %.3f s, server CPU %.2f s, client CPU %.2f s%n", mode,
						run, (run == 0) ? " (warm-up)" : "", rows, seconds, serverSpent, ownSpent);
				if (run > 0) {
					wall.add(seconds);
					serverCpu.add(serverSpent);
					clientCpu.add(ownSpent);
				}
			}
			resource.close();
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("mode", mode);
		result.put("rows", rows);
		result.put("runs", runs);
		result.put("seconds", BenchSupport.round(BenchSupport.median(wall), 3));
		result.put("rows_per_s", Math.round(rows / BenchSupport.median(wall)));
		result.put("server_cpu_s", BenchSupport.round(BenchSupport.median(serverCpu), 3));
		result.put("server_cpu_s_per_m_rows", BenchSupport.round(BenchSupport.median(serverCpu) / (rows / 1e6), 4));
		result.put("client_cpu_s", BenchSupport.round(BenchSupport.median(clientCpu), 3));
		BenchSupport.result("bulk", mode.equals("inprocess") ? "inprocess" : "ours", result);
		System.exit(0);
	}

	private static long stream(N6kClient client, long id, BufferAllocator allocator) {
		long[] rows = { 0 };
		ArrowStreamResult result = client.stream(id, 0, 4, Map.of("schema", "main", "table", "bulk"), allocator,
				(root) -> rows[0] += root.getRowCount(), Duration.ofMinutes(5));
		if (result.isError()) {
			throw new IllegalStateException(result.terminal().toString());
		}
		return rows[0];
	}

	private static long frames(N6kClient client, long id, BufferAllocator allocator) throws IOException {
		client.request(id, 4, Map.of("schema", "main", "table", "bulk"));
		VectorSchemaRoot root = null;
		VectorLoader loader = null;
		long rows = 0;
		try {
			while (true) {
				ReceivedFrame frame = client.take((f) -> f.id() != null && f.id() == id, Duration.ofSeconds(60));
				if (frame.type() == 5) {
					throw new IllegalStateException(frame.toString());
				}
				if (frame.type() == 4) {
					return rows;
				}
				if (frame.type() == 2) {
					root = VectorSchemaRoot.create(MessageSerializer.deserializeSchema(channel(frame.body())),
							allocator);
					loader = new VectorLoader(root);
				}
				else if (frame.type() == 3 && frame.body().length > 8 && loader != null && root != null) {
					try (ArrowRecordBatch batch = MessageSerializer.deserializeRecordBatch(channel(frame.body()),
							allocator)) {
						loader.load(batch);
					}
					rows += root.getRowCount();
					client.credit(id, 0, 1);
				}
			}
		}
		finally {
			if (root != null) {
				root.close();
			}
		}
	}

	private static ReadChannel channel(byte[] body) {
		return new ReadChannel(new ByteArrayReadableSeekableByteChannel(body));
	}

	private static long inProcess(Connection connection, BufferAllocator allocator, long batchRows) throws Exception {
		long rows = 0;
		try (Statement statement = connection.createStatement();
				DuckDBResultSet resultSet = (DuckDBResultSet) statement.executeQuery("SELECT * FROM main.bulk");
				ArrowReader reader = (ArrowReader) resultSet.arrowExportStream(allocator, batchRows)) {
			while (reader.loadNextBatch()) {
				rows += reader.getVectorSchemaRoot().getRowCount();
			}
		}
		return rows;
	}

	@FunctionalInterface
	private interface Reader {

		long read() throws Exception;

	}

}
