package io.n6k.metrics;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.n6k.client.N6kClient;
import io.n6k.support.DuckDbTestConfiguration;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Actuator's Micrometer support and a real {@link SimpleMeterRegistry}, every
 * request is timed by {@code n6k.request} tagged with op, catalog and outcome.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"n6k.duckdb.init-sql[0]=classpath:fixture.sql" })
@Import({ DuckDbTestConfiguration.class, N6kRequestTimerTests.RegistryConfiguration.class })
class N6kRequestTimerTests extends SocketTestSupport {

	@Autowired
	MeterRegistry registry;

	@Test
	void timerCountsAndTimesTheRequestsMade() throws InterruptedException {
		assertThat(this.registry).isInstanceOf(SimpleMeterRegistry.class);
		N6kClient client = open("db");
		long start = System.nanoTime();
		for (int id = 1; id <= 3; id++) {
			// one row after 300 ms: each request takes at least that long
			assertThat(client.call(id, 7, Map.of("sql", "SELECT * FROM n6k_testing_stream_counter(1, 300)"))
				.arrow()
				.rows()).hasSize(1);
		}
		assertThat(client.call(4, 3, Map.of("schema", "main", "table", "nope")).isError()).isTrue();
		assertThat(client.call(5, 3, Map.of("schema", "main", "table", "users")).isError()).isFalse();
		long elapsed = System.nanoTime() - start;
		Timer queries = awaitTimer("QUERY", "SUCCESS", 3);
		assertThat(queries.totalTime(TimeUnit.NANOSECONDS)).isBetween(3 * 300_000_000.0, (double) elapsed);
		assertThat(queries.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(300.0);
		Timer failed = awaitTimer("TABLE_SCHEMA", "ERROR", 1);
		Timer schema = awaitTimer("TABLE_SCHEMA", "SUCCESS", 1);
		assertThat(failed.totalTime(TimeUnit.NANOSECONDS) + schema.totalTime(TimeUnit.NANOSECONDS)).isPositive()
			.isLessThan(elapsed - queries.totalTime(TimeUnit.NANOSECONDS));
		assertThat(this.registry.find("n6k.request").timers()).hasSize(3);
		assertThat(this.registry.find("n6k.requests").meters()).as("the old counter").isEmpty();
	}

	private Timer awaitTimer(String op, String outcome, long count) throws InterruptedException {
		// a timer is recorded just after the terminal frame is queued
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (true) {
			Timer timer = this.registry.find("n6k.request").tags("op", op, "catalog", "db", "outcome", outcome).timer();
			if ((timer != null && timer.count() >= count) || System.nanoTime() > deadline) {
				assertThat(timer).isNotNull();
				assertThat(timer.count()).isEqualTo(count);
				return timer;
			}
			Thread.sleep(10);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
