package io.n6k.memory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.n6k.backend.BatchSource;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Small {@link BatchSource}s for host RPC functions: a single value, and a paced sequence
 * 0, 1, 2, … that waits on a timer rather than a sleeping thread.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class ValueSources {

	private ValueSources() {
	}

	/**
	 * One row with one {@code BIGINT} column.
	 * @param allocator the request's allocator
	 * @param column the column name
	 * @param value the value
	 * @return the source
	 */
	public static BatchSource single(BufferAllocator allocator, String column, long value) {
		return new Single(allocator, int64(column), (root) -> ((BigIntVector) root.getVector(0)).setSafe(0, value));
	}

	/**
	 * One row with one {@code VARCHAR} column.
	 * @param allocator the request's allocator
	 * @param column the column name
	 * @param value the value
	 * @return the source
	 */
	public static BatchSource single(BufferAllocator allocator, String column, String value) {
		Schema schema = new Schema(List.of(new Field(column, FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
		return new Single(allocator, schema,
				(root) -> ((VarCharVector) root.getVector(0)).setSafe(0, value.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * The sequence 0, 1, 2, … in a {@code BIGINT} column, one row per batch.
	 * @param allocator the request's allocator
	 * @param column the column name
	 * @param count rows to produce; 0 or less never ends
	 * @param intervalMillis wait between rows, 0 for none
	 * @param waitBeforeFirst whether to wait before the first row too
	 * @param onClose teardown, run when the source closes (also on cancel)
	 * @return the source
	 */
	public static BatchSource sequence(BufferAllocator allocator, String column, long count, long intervalMillis,
			boolean waitBeforeFirst, Runnable onClose) {
		return new Sequence(allocator, column, count, intervalMillis, waitBeforeFirst, onClose);
	}

	private static Schema int64(String column) {
		return new Schema(List.of(new Field(column, FieldType.nullable(new ArrowType.Int(64, true)), null)));
	}

	private static final class Single implements BatchSource {

		private final VectorSchemaRoot root;

		private final java.util.function.Consumer<VectorSchemaRoot> fill;

		private boolean done;

		Single(BufferAllocator allocator, Schema schema, java.util.function.Consumer<VectorSchemaRoot> fill) {
			this.root = VectorSchemaRoot.create(schema, allocator);
			this.fill = fill;
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
			this.root.allocateNew();
			this.fill.accept(this.root);
			this.root.setRowCount(1);
			return this.root;
		}

		@Override
		public void close() {
			this.root.close();
		}

	}

	private static final class Sequence implements BatchSource {

		private final VectorSchemaRoot root;

		private final long count;

		private final long interval;

		private final boolean waitBeforeFirst;

		private final Runnable onClose;

		private long next;

		private @Nullable CompletableFuture<Void> timer;

		Sequence(BufferAllocator allocator, String column, long count, long interval, boolean waitBeforeFirst,
				Runnable onClose) {
			this.root = VectorSchemaRoot.create(int64(column), allocator);
			this.count = count;
			this.interval = interval;
			this.waitBeforeFirst = waitBeforeFirst;
			this.onClose = onClose;
		}

		@Override
		public Schema schema() {
			return this.root.getSchema();
		}

		@Override
		public @Nullable CompletionStage<?> whenReady() {
			if (this.interval <= 0 || (this.next == 0 && !this.waitBeforeFirst)) {
				return null;
			}
			if (this.timer == null) {
				this.timer = new CompletableFuture<Void>().completeOnTimeout(null, this.interval,
						TimeUnit.MILLISECONDS);
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
			this.onClose.run();
		}

	}

}
