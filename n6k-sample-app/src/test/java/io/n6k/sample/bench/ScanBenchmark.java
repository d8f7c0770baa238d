package io.n6k.sample.bench;

import java.io.IOException;
import java.net.URI;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.sample.SampleApplication;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures a 10-million-row SCAN (the lab's 4-column table, 40.5 Arrow bytes per row)
 * from a real server to the Java client over loopback WebSocket, crediting every chunk as
 * the native client does. Not a test: run it with
 * {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp <test classpath> io.n6k.sample.bench.ScanBenchmark [rows] [runs]}.
 */
public final class ScanBenchmark {

	private ScanBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		long rows = (args.length > 0) ? Long.parseLong(args[0]) : 10_000_000L;
		int runs = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class).run(
				"--server.port=0", "--n6k.auth.required=false", "--n6k.catalogs.bench.path=:memory:",
				"--n6k.catalogs.bench.access=all", "--n6k.duckdb.init-sql[0]=classpath:shop.sql",
				"--n6k.duckdb.init-sql[1]=CREATE TABLE bench.main.t AS SELECT range::BIGINT AS id, random() * 1000 AS x, "
						+ "'s_' || lpad(((range * 7919) % 1e10)::VARCHAR, 10, '0') AS s, TIMESTAMP '2020-01-01' + "
						+ "to_microseconds(range * 1000) AS ts FROM range(" + rows + ")",
				"--logging.level.io.n6k.requests=INFO");
		try {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			List<Double> rates = new ArrayList<>();
			try (N6kClient client = N6kClient.connect(URI.create("ws://localhost:" + port + "/ws?catalog=bench"))) {
				client.next();
				for (int run = 0; run <= runs; run++) {
					long start = System.nanoTime();
					long[] counts = scan(client, run + 1);
					double seconds = (System.nanoTime() - start) / 1e9;
					if (counts[0] != rows) {
						throw new IllegalStateException("expected " + rows + " rows, got " + counts[0]);
					}
					if (run > 0) {
						rates.add(rows / seconds);
					}
					System.out.printf("run %d%s: %,d rows in %.3f s = %,.0f rows/s, %,.0f MB/s, %d chunks%n", run,
							(run == 0) ? " (warm-up)" : "", counts[0], seconds, rows / seconds,
							counts[1] / seconds / 1e6, counts[2]);
				}
			}
			rates.sort(Double::compare);
			System.out.printf("median of %d runs: %,.0f rows/s%n", rates.size(), rates.get(rates.size() / 2));
		}
		finally {
			context.close();
		}
	}

	/** Returns rows, bytes and data chunks of one SCAN. */
	private static long[] scan(N6kClient client, long id) throws IOException {
		client.request(id, 4, Map.of("schema", "main", "table", "t"));
		long rows = 0;
		long bytes = 0;
		long chunks = 0;
		while (true) {
			ReceivedFrame frame = client.take((f) -> f.id() != null && f.id() == id, N6kClient.TIMEOUT);
			bytes += frame.raw().length;
			if (frame.type() == 4 || frame.type() == 5) {
				if (frame.type() == 5) {
					throw new IllegalStateException(frame.toString());
				}
				return new long[] { rows, bytes, chunks };
			}
			if (frame.type() == 3 && frame.body().length > 8) {
				chunks++;
				rows += batchLength(frame.body());
				client.credit(id, 0, 1);
			}
		}
	}

	private static long batchLength(byte[] body) throws IOException {
		MessageMetadataResult message = MessageSerializer
			.readMessage(new ReadChannel(new ByteArrayReadableSeekableByteChannel(body)));
		if (message == null || message.getMessage().headerType() != MessageHeader.RecordBatch) {
			return 0;
		}
		return ((RecordBatch) message.getMessage().header(new RecordBatch())).length();
	}

}
