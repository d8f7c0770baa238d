package io.n6k.invalidation.broadcast.bench;

import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import io.n6k.client.N6kClient;
import io.n6k.invalidation.broadcast.Instance;
import io.n6k.support.BrokerProcess;
import io.n6k.support.PostgresProcess;
import io.n6k.support.RedisProcess;
import org.postgresql.ds.PGPoolingDataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Delivery latency across instances: instance A calls {@code notifyInvalidate}, the time
 * until the PUSH reaches a client of instance B, one notification at a time, through a
 * throwaway redis-server or PostgreSQL 15 on this machine. Not a test (surefire runs only
 * {@code *Tests}); run it with
 * {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp <test classpath> io.n6k.invalidation.broadcast.bench.BroadcastLatencyBenchmark redis|postgres [notifications]}.
 */
public final class BroadcastLatencyBenchmark {

	private BroadcastLatencyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String broker = (args.length > 0) ? args[0] : "redis";
		int count = (args.length > 1) ? Integer.parseInt(args[1]) : 1000;
		boolean redis = broker.equals("redis");
		try (BrokerProcess process = redis ? new RedisProcess() : new PostgresProcess()) {
			process.start();
			List<String> properties = redis
					? List.of("n6k.invalidation.broadcast=redis", "spring.data.redis.host=127.0.0.1",
							"spring.data.redis.port=" + process.port())
					: List.of("n6k.invalidation.broadcast=postgres",
							"n6k.invalidation.postgres.data-source=brokerDataSource",
							"bench.postgres.url=" + ((PostgresProcess) process).url(process.port()));
			List<Class<?>> sources = redis ? List.of() : List.of(PooledPostgres.class);
			try (Instance a = Instance.start("A", sources, properties);
					Instance b = Instance.start("B", sources, properties)) {
				a.awaitLink(true);
				b.awaitLink(true);
				N6kClient onB = b.open("app");
				for (int i = 0; i < 200; i++) {
					a.invalidation().notifyInvalidate("app", "warmup_" + i);
					Instance.push(onB);
				}
				long[] nanos = new long[count];
				for (int i = 0; i < count; i++) {
					long start = System.nanoTime();
					a.invalidation().notifyInvalidate("app", "schema_" + i);
					List<String> schemas = Instance.push(onB);
					nanos[i] = System.nanoTime() - start;
					if (!schemas.equals(List.of("schema_" + i))) {
						throw new IllegalStateException("expected schema_" + i + " but got " + schemas);
					}
				}
				Arrays.sort(nanos);
				System.out.printf(
						"%s: %d notifications A -> client on B: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
						broker, count, ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99), nanos[count - 1] / 1e6);
			}
		}
		System.exit(0);
	}

	private static double ms(long[] sorted, double quantile) {
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, index)] / 1e6;
	}

	/** A pooled PostgreSQL DataSource, as an application's pool would be. */
	@Configuration(proxyBeanMethods = false)
	static class PooledPostgres {

		@Bean
		@SuppressWarnings("deprecation")
		DataSource brokerDataSource(@Value("${bench.postgres.url}") String url) {
			PGPoolingDataSource dataSource = new PGPoolingDataSource();
			dataSource.setUrl(url);
			dataSource.setUser("postgres");
			// the driver's pool needs a unique name to close cleanly
			dataSource.setDataSourceName("n6k-broker-" + java.util.UUID.randomUUID());
			dataSource.setMaxConnections(8);
			return dataSource;
		}

	}

}
