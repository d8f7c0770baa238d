package io.n6k.sample.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.n6k.backend.BatchSource;
import io.n6k.backend.RpcCall;
import io.n6k.backend.RpcFunction;
import io.n6k.memory.ValueSources;
import io.n6k.test.duckdb.HostFunctionInputs;
import org.apache.arrow.memory.BufferAllocator;
import org.jspecify.annotations.Nullable;

/**
 * The host generator RPCs of the conformance fixtures (protocol §9.3): {@code py_echo},
 * {@code py_sum_table}, {@code py_ticker}, {@code py_ticker_closes}; and host versions of
 * the paced fixture functions, so that RPC streams them one row per chunk.
 */
final class HostGenerators {

	/** Teardowns of py_ticker generators, process-wide. */
	static final AtomicLong tickerCloses = new AtomicLong();

	private HostGenerators() {
	}

	static List<RpcFunction> all() {
		return List.of(function("py_echo", (call) -> ValueSources.single(allocator(call), "arg0", python(call.args()))),
				function("py_sum_table",
						(call) -> ValueSources.single(allocator(call), "total",
								HostFunctionInputs.sumFirstColumn(call))),
				function("py_ticker",
						(call) -> ValueSources.sequence(allocator(call), "seq", number(call, 0, 0), number(call, 1, 0),
								false, tickerCloses::incrementAndGet)),
				function("py_ticker_closes",
						(call) -> ValueSources.single(allocator(call), "closes", tickerCloses.get())),
				function("slow_ticker", (call) -> ValueSources.sequence(allocator(call), "seq", number(call, 0, 0),
						number(call, 1, 0), true, () -> {
						})),
				function("n6k_testing_sum_table", (call) -> ValueSources.single(allocator(call), "total",
						HostFunctionInputs.sumFirstColumn(call))));
	}

	private static BufferAllocator allocator(RpcCall call) {
		return call.context().allocator();
	}

	private static RpcFunction function(String name, Function<RpcCall, BatchSource> open) {
		return new RpcFunction() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public BatchSource open(RpcCall call) {
				return open.apply(call);
			}

		};
	}

	private static long number(RpcCall call, int index, long fallback) {
		return (call.args().size() > index && call.args().get(index) instanceof Number n) ? n.longValue() : fallback;
	}

	/** Python's {@code str()} of the first argument, "" without arguments. */
	private static String python(List<@Nullable Object> args) {
		return args.isEmpty() ? "" : str(args.get(0));
	}

	private static String str(@Nullable Object value) {
		if (value == null) {
			return "None";
		}
		if (value instanceof Boolean b) {
			return b ? "True" : "False";
		}
		if (value instanceof List<?> list) {
			List<String> items = new ArrayList<>();
			list.forEach((item) -> items.add(repr(item)));
			return "[" + String.join(", ", items) + "]";
		}
		if (value instanceof Map<?, ?> map) {
			List<String> items = new ArrayList<>();
			map.forEach((k, v) -> items.add(repr(k) + ": " + repr(v)));
			return "{" + String.join(", ", items) + "}";
		}
		return String.valueOf(value);
	}

	private static String repr(@Nullable Object value) {
		return (value instanceof String s) ? "'" + s + "'" : str(value);
	}

}
