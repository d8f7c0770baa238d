package io.n6k.sample.bench;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.n6k.client.ArrowIpc;
import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.sample.SampleApplication;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Upload speed: one INSERT of {@code rows} rows of {@code (BIGINT, VARCHAR)} in a single
 * message, as the DuckDB client sends a CTAS. Not a test; run like {@link ScanBenchmark}.
 */
public final class InsertBenchmark {

	private InsertBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int rows = (args.length > 0) ? Integer.parseInt(args[0]) : 5_000_000;
		byte[] body = payload(rows);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class).run(
				"--server.port=0", "--n6k.auth.required=false", "--n6k.catalogs.bench.path=:memory:",
				"--n6k.catalogs.bench.access=all", "--n6k.duckdb.init-sql[0]=classpath:shop.sql",
				"--n6k.duckdb.init-sql[1]=CREATE TABLE bench.main.t (i BIGINT, s VARCHAR)",
				"--n6k.websocket.max-binary-message-size=1GB", "--logging.level.io.n6k.requests=INFO");
		try {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			try (N6kClient client = N6kClient.connect(URI.create("ws://localhost:" + port + "/ws?catalog=bench"))) {
				client.next();
				for (int run = 0; run < 4; run++) {
					long start = System.nanoTime();
					Response response = client.call(run + 1, 0, 5, Map.of("schema", "main", "table", "t"), body);
					double seconds = (System.nanoTime() - start) / 1e9;
					System.out.printf("run %d: %,d rows (%,d bytes) in %.3f s = %,.0f rows/s, %,.0f MB/s %s%n", run,
							rows, body.length, seconds, rows / seconds, body.length / seconds / 1e6,
							response.isError() ? response.terminal() : "");
				}
			}
		}
		finally {
			context.close();
		}
	}

	private static byte[] payload(int rows) {
		Schema schema = new Schema(List.of(new Field("i", FieldType.nullable(new ArrowType.Int(64, true)), null),
				new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
			root.allocateNew();
			BigIntVector i = (BigIntVector) root.getVector(0);
			VarCharVector s = (VarCharVector) root.getVector(1);
			for (int r = 0; r < rows; r++) {
				i.setSafe(r, r);
				s.setSafe(r, Integer.toString(r).getBytes());
			}
			root.setRowCount(rows);
			return ArrowIpc.stream(root);
		}
	}

}
