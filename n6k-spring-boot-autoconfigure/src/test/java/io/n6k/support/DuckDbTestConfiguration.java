package io.n6k.support;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.n6k.access.SqlGuard;
import io.n6k.backend.ArrowPayload;
import io.n6k.backend.BatchSource;
import io.n6k.backend.RpcCall;
import io.n6k.backend.RpcFunction;
import io.n6k.duckdb.DuckDbDatabaseCustomizer;
import io.n6k.duckdb.testing.N6kTestingFunctions;
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
				return new Ticker(call, count, interval);
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
				return new Single(call, "total", total);
			}

		};
	}

	static Schema longSchema(String name) {
		return new Schema(List.of(new Field(name, FieldType.nullable(new ArrowType.Int(64, true)), null)));
	}

	private static final class Ticker implements BatchSource {

		private final VectorSchemaRoot root;

		private final long count;

		private final long interval;

		private long next;

		private @Nullable CompletableFuture<Void> timer;

		Ticker(RpcCall call, long count, long interval) {
			this.root = VectorSchemaRoot.create(longSchema("seq"), call.context().allocator());
			this.count = count;
			this.interval = interval;
		}

		@Override
		public Schema schema() {
			return this.root.getSchema();
		}

		@Override
		public @Nullable CompletionStage<?> whenReady() {
			if (this.interval <= 0 || this.next == 0) {
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
			tickerCloses.incrementAndGet();
		}

	}

	private static final class Single implements BatchSource {

		private final VectorSchemaRoot root;

		private final long value;

		private boolean done;

		Single(RpcCall call, String name, long value) {
			this.root = VectorSchemaRoot.create(longSchema(name), call.context().allocator());
			this.value = value;
		}

		@Override
		public Schema schema() {
			return this.root.getSchema();
		}

		@Override
		public @Nullable VectorSchemaRoot next() {
			if (this.done) {
				return null;
			}
			this.done = true;
			BigIntVector vector = (BigIntVector) this.root.getVector(0);
			vector.allocateNew(1);
			vector.set(0, this.value);
			vector.setValueCount(1);
			this.root.setRowCount(1);
			return this.root;
		}

		@Override
		public void close() {
			this.root.close();
		}

	}

}
