package io.n6k.sample.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.sample.SampleApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Latency of small requests: point SCANs (what the DuckDB client sends for
 * {@code WHERE id = k}) one after the other over one socket. Not a test; run like
 * {@link ScanBenchmark}.
 */
public final class PointQueryBenchmark {

	private PointQueryBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int queries = (args.length > 0) ? Integer.parseInt(args[0]) : 2000;
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class).run(
				"--server.port=0", "--n6k.auth.required=false", "--n6k.catalogs.bench.path=:memory:",
				"--n6k.catalogs.bench.access=all", "--n6k.duckdb.init-sql[0]=classpath:shop.sql",
				"--n6k.duckdb.init-sql[1]=CREATE TABLE bench.main.users AS SELECT range::INTEGER AS id, "
						+ "'user ' || range AS name FROM range(100000)",
				"--logging.level.io.n6k.requests=INFO");
		try {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			try (N6kClient client = N6kClient.connect(URI.create("ws://localhost:" + port + "/ws?catalog=bench"))) {
				client.next();
				for (int round = 0; round < 2; round++) {
					List<Double> millis = new ArrayList<>();
					for (int i = 0; i < queries; i++) {
						long start = System.nanoTime();
						Response response = client.call(i + 1 + round * queries, 4,
								Map.of("schema", "main", "table", "users", "columns", List.of("name"), "filters",
										List.of(List.of("id", "=", i % 100000))));
						millis.add((System.nanoTime() - start) / 1e6);
						if (response.isError()) {
							throw new IllegalStateException(response.terminal().toString());
						}
					}
					millis.sort(Double::compare);
					System.out.printf("round %d: %d point scans, p50 %.3f ms, p99 %.3f ms%n", round, queries,
							millis.get(millis.size() / 2), millis.get(millis.size() * 99 / 100));
				}
			}
		}
		finally {
			context.close();
		}
	}

}
