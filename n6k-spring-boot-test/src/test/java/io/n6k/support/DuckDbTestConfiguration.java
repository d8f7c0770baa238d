package io.n6k.support;

import java.util.concurrent.atomic.AtomicInteger;

import io.n6k.duckdb.SqlGuard;
import io.n6k.backend.BatchSource;
import io.n6k.backend.RpcCall;
import io.n6k.backend.RpcFunction;
import io.n6k.duckdb.DuckDbDatabaseCustomizer;
import io.n6k.memory.ValueSources;
import io.n6k.test.duckdb.HostFunctionInputs;
import io.n6k.test.duckdb.N6kTestingFunctions;

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
				long total = HostFunctionInputs.sumFirstColumn(call);
				return ValueSources.single(call.context().allocator(), "total", total);
			}

		};
	}

}
