package io.n6k.support;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.n6k.duckdb.SqlGuard;
import io.n6k.backend.ArrowPayload;
import io.n6k.backend.BatchSource;
import io.n6k.backend.RpcCall;
import io.n6k.backend.RpcFunction;
import io.n6k.duckdb.DuckDbDatabaseCustomizer;
import io.n6k.test.duckdb.N6kTestingFunctions;
import io.n6k.memory.ValueSources;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The n6k testing functions and two host RPC functions: {@code ticker(count, ms)} (one
 * row per batch, paced by a timer, counting teardowns) and {@code sum_input()} (sum of
 * the first column of the pushed rows).
 */
@TestConfiguration(proxyBeanMethods = false)
public class DuckDbTestConfiguration {

	public static final AtomicInteger tickerCloses = new AtomicInteger();

	@Bean
	SqlGuard.OpaqueFunction streamCounter() {
		return N6kTestingFunctions.OPAQUE_COUNTER;
	}

	@Bean
	DuckDbDatabaseCustomizer registerTestingFunctions() {
		return N6kTestingFunctions::register;
	}

	@Bean
	RpcFunction ticker() {
		return new RpcFunction() {

			@Override
			public String name() {
				return "ticker";
			}

			@Override
			public BatchSource open(RpcCall call) {
				long count = ((Number) call.args().get(0)).longValue();
				long interval = (call.args().size() > 1) ? ((Number) call.args().get(1)).longValue() : 0;
				return ValueSources.sequence(call.context().allocator(), "seq", count, interval, false,
						tickerCloses::incrementAndGet);
			}

		};
	}

	@Bean
	RpcFunction sumInput() {
		return new RpcFunction() {

			@Override
			public String name() {
				return "sum_input";
			}

			@Override
			public BatchSource open(RpcCall call) throws Exception {
				long total = 0;
				ArrowPayload input = call.input();
				if (input != null) {
					try (ArrowStreamReader reader = input.openReader(call.context().allocator())) {
						while (reader.loadNextBatch()) {
							FieldVector vector = reader.getVectorSchemaRoot().getVector(0);
							for (int i = 0; i < vector.getValueCount(); i++) {
								if (!vector.isNull(i)) {
									total += ((Number) vector.getObject(i)).longValue();
								}
							}
						}
					}
				}
				return ValueSources.single(call.context().allocator(), "total", total);
			}

		};
	}

}
