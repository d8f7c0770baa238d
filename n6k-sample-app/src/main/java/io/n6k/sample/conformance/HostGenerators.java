package io.n6k.sample.conformance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.n6k.backend.ArrowPayload;
import io.n6k.backend.BatchSource;
import io.n6k.backend.RpcCall;
import io.n6k.backend.RpcFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
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
		return List.of(function("py_echo", (call) -> single(call, utf8("arg0"), python(call.args()))),
				function("py_sum_table", (call) -> single(call, int64("total"), sumFirstColumn(call))),
				function("py_ticker", (call) -> new Ticker(call, "seq", number(call, 0, 0), number(call, 1, 0), true)),
				function("py_ticker_closes", (call) -> single(call, int64("closes"), tickerCloses.get())),
				function("slow_ticker", (call) -> new Ticker(call, "seq", number(call, 0, 0), number(call, 1, 0), false)),
				function("n6k_testing_sum_table", (call) -> single(call, int64("total"), sumFirstColumn(call))));
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

	private static Schema utf8(String name) {
		return new Schema(List.of(new Field(name, FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
	}

	private static Schema int64(String name) {
		return new Schema(List.of(new Field(name, FieldType.nullable(new ArrowType.Int(64, true)), null)));
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

	private static long sumFirstColumn(RpcCall call) {
		ArrowPayload input = call.input();
		if (input == null) {
			return 0;
		}
		long total = 0;
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
		catch (IOException ex) {
			throw new IllegalArgumentException("malformed Arrow IPC input: " + ex.getMessage(), ex);
		}
		return total;
	}

	private static BatchSource single(RpcCall call, Schema schema, Object value) {
		return new BatchSource() {

			private final VectorSchemaRoot root = VectorSchemaRoot.create(schema, call.context().allocator());

			private boolean done;

			@Override
			public Schema schema() {
				return schema;
			}

			@Override
			public @Nullable VectorSchemaRoot next() {
				if (this.done) {
					return null;
				}
				this.done = true;
				this.root.allocateNew();
				if (value instanceof String text) {
					((VarCharVector) this.root.getVector(0)).setSafe(0, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
				}
				else {
					((BigIntVector) this.root.getVector(0)).setSafe(0, ((Number) value).longValue());
				}
				this.root.setRowCount(1);
				return this.root;
			}

			@Override
			public void close() {
				this.root.close();
			}

		};
	}

	/**
	 * One row per batch, paced by a timer (no sleeping thread); {@code count <= 0} never
	 * ends.
	 */
	private static final class Ticker implements BatchSource {

		private final VectorSchemaRoot root;

		private final long count;

		private final long interval;

		private final boolean countCloses;

		private long next;

		private @Nullable CompletableFuture<Void> timer;

		Ticker(RpcCall call, String column, long count, long interval, boolean countCloses) {
			BufferAllocator allocator = call.context().allocator();
			this.root = VectorSchemaRoot.create(int64(column), allocator);
			this.count = count;
			this.interval = interval;
			this.countCloses = countCloses;
		}

		@Override
		public Schema schema() {
			return this.root.getSchema();
		}

		@Override
		public @Nullable CompletionStage<?> whenReady() {
			// py_ticker sleeps between rows; the stream counter sleeps before each row
			if (this.interval <= 0 || (this.countCloses && this.next == 0)) {
				return null;
			}
			if (this.timer == null) {
				this.timer = new CompletableFuture<Void>().completeOnTimeout(null, this.interval, TimeUnit.MILLISECONDS);
			}
			return this.timer;
		}

		@Override
		public @Nullable VectorSchemaRoot next() {
			this.timer = null;
			if (this.count > 0 && this.next >= this.count) {
				return null;
			}
			BigIntVector vector = (BigIntVector) this.root.getVector(0);
			vector.allocateNew(1);
			vector.set(0, this.next++);
			vector.setValueCount(1);
			this.root.setRowCount(1);
			return this.root;
		}

		@Override
		public void close() {
			this.root.close();
			if (this.countCloses) {
				tickerCloses.incrementAndGet();
			}
		}

	}

}
