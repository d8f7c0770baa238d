package io.n6k.metrics;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.n6k.backend.BatchSource;
import io.n6k.backend.RpcCall;
import io.n6k.backend.RpcFunction;
import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.client.Response;
import io.n6k.memory.ValueSources;
import io.n6k.protocol.FrameType;
import io.n6k.support.DuckDbTestConfiguration;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request is an {@code n6k.request} observation with its op, catalog and outcome,
 * its rows and bytes, and is the parent of what its work observes.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"n6k.duckdb.init-sql[0]=classpath:fixture.sql" })
@Import({ DuckDbTestConfiguration.class, N6kRequestObservationTests.ObservationConfiguration.class })
class N6kRequestObservationTests extends SocketTestSupport {

	static final AtomicReference<Observation.@Nullable Context> seenByFunction = new AtomicReference<>();

	static final java.util.concurrent.atomic.AtomicInteger stopped = new java.util.concurrent.atomic.AtomicInteger();

	@Autowired
	TestObservationRegistry registry;

	@BeforeEach
	void clear() {
		this.registry.clear();
		seenByFunction.set(null);
		stopped.set(0);
	}

	@Test
	void successfulQueryIsObservedWithItsTagsRowsAndBytes() {
		N6kClient client = open("db");
		Response response = client.call(1, 7, Map.of("sql", "SELECT id FROM db.main.users ORDER BY id"));
		assertThat(response.arrow().rows()).hasSize(3);
		long bytes = response.frames().stream().mapToLong((frame) -> frame.raw().length).sum();
		awaitStopped(1);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo("n6k.request", 1)
			.hasObservationWithNameEqualTo("n6k.request")
			.that()
			.hasContextualNameEqualTo("n6k QUERY")
			.hasLowCardinalityKeyValue("op", "QUERY")
			.hasLowCardinalityKeyValue("catalog", "db")
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasHighCardinalityKeyValue("n6k.rows", "3")
			.hasHighCardinalityKeyValue("n6k.bytes", Long.toString(bytes))
			.hasBeenStarted()
			.hasBeenStopped()
			.doesNotHaveError();
	}

	@Test
	void failedRequestIsObservedAsAnError() {
		N6kClient client = open("db");
		assertThat(client.call(1, 3, Map.of("schema", "main", "table", "nope")).isError()).isTrue();
		awaitStopped(1);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("n6k.request")
			.that()
			.hasLowCardinalityKeyValue("op", "TABLE_SCHEMA")
			.hasLowCardinalityKeyValue("outcome", "ERROR")
			.hasError();
	}

	@Test
	void cancelledStreamIsObservedAsCancelled() {
		N6kClient client = open("db");
		client.request(1, 7, Map.of("sql", "SELECT * FROM n6k_testing_stream_counter(0)"));
		for (int i = 0; i < 9; i++) {
			client.next();
		}
		client.cancel(1, 0);
		ReceivedFrame end = client.take((f) -> f.type() == FrameType.RESP_END, N6kClient.TIMEOUT);
		assertThat(end.get("cancelled")).isEqualTo(true);
		awaitStopped(1);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("n6k.request")
			.that()
			.hasLowCardinalityKeyValue("outcome", "CANCELLED")
			.hasHighCardinalityKeyValue("n6k.rows", Long.toString(8 * 2048));
	}

	@Test
	void workOfTheRequestIsObservedAsItsChild() {
		N6kClient client = open("db");
		assertThat(client.call(1, 8, Map.of("function", "observed", "args", java.util.List.of())).arrow().rows())
			.hasSize(1);
		awaitStopped(1);
		Observation.Context child = seenByFunction.get();
		assertThat(child).isNotNull();
		assertThat(child.getName()).isEqualTo("n6k.test.child");
		ObservationView parent = child.getParentObservation();
		assertThat(parent).isNotNull();
		assertThat(parent.getContextView().getName()).isEqualTo("n6k.request");
		assertThat(parent.getContextView().getLowCardinalityKeyValue("op").getValue()).isEqualTo("RPC_SCALAR");
	}

	private void awaitStopped(int count) {
		// the observation stops just after the terminal frame is queued
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (System.nanoTime() < deadline && stopped.get() < count) {
			Thread.onSpinWait();
		}
		assertThat(stopped.get()).isEqualTo(count);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ObservationConfiguration {

		@Bean
		TestObservationRegistry testObservationRegistry() {
			TestObservationRegistry registry = TestObservationRegistry.create();
			registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {

				@Override
				public boolean supportsContext(Observation.Context context) {
					return context instanceof N6kRequestObservationContext;
				}

				@Override
				public void onStop(Observation.Context context) {
					stopped.incrementAndGet();
				}

			});
			return registry;
		}

		@Bean
		RpcFunction observed(ObservationRegistry registry) {
			return new RpcFunction() {

				@Override
				public String name() {
					return "observed";
				}

				@Override
				public BatchSource open(RpcCall call) {
					Observation.createNotStarted("n6k.test.child", registry).observe(() -> {
						Observation current = registry.getCurrentObservation();
						seenByFunction.set((current != null) ? current.getContext() : null);
					});
					return ValueSources.single(call.context().allocator(), "one", 1);
				}

			};
		}

	}

}
