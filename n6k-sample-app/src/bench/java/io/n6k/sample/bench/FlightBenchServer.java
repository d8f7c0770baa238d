package io.n6k.sample.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * The Arrow Flight side of the bulk-read comparison: a tiny Flight server over an
 * in-memory DuckDB holding the same table ({@code src/bench/bench-data.sql}); every
 * {@code DoGet} streams {@code SELECT * FROM main.bulk} through DuckDB's Arrow export.
 * Compiled and started by {@code run-all.sh} (flight-core is not a dependency of the
 * project).
 *
 * @author n6k
 */
public final class FlightBenchServer {

	private FlightBenchServer() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(BenchSupport.arg(args, "port", "18200"));
		long batchRows = Long.parseLong(BenchSupport.arg(args, "batch-rows", "24576"));
		DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
		try (Statement statement = connection.createStatement()) {
			for (String sql : Files.readString(Path.of(BenchSupport.arg(args, "sql", "")))
				.replaceAll("(?m)^--.*$", "")
				.split(";\\s*\n")) {
				if (!sql.isBlank()) {
					statement.execute(sql);
				}
			}
		}
		BufferAllocator allocator = new RootAllocator();
		NoOpFlightProducer producer = new NoOpFlightProducer() {
			@Override
			public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
				try (Connection duplicate = connection.duplicate();
						Statement statement = duplicate.createStatement();
						DuckDBResultSet resultSet = (DuckDBResultSet) statement
							.executeQuery("SELECT * FROM main.bulk");
						ArrowReader reader = (ArrowReader) resultSet.arrowExportStream(allocator, batchRows)) {
					listener.start(reader.getVectorSchemaRoot());
					while (reader.loadNextBatch()) {
						listener.putNext();
					}
					listener.completed();
				}
				catch (Exception ex) {
					listener.error(ex);
				}
			}
		};
		FlightServer server = FlightServer.builder(allocator, Location.forGrpcInsecure("127.0.0.1", port), producer)
			.build()
			.start();
		System.out.println("flight: ready pid=" + ProcessHandle.current().pid() + " port=" + server.getPort());
		server.awaitTermination();
	}

}
