package io.n6k.memory;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.n6k.backend.Aggregate;
import io.n6k.backend.BatchSource;
import io.n6k.backend.Filter;
import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.N6kException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.apache.arrow.vector.util.Text;
import org.apache.arrow.vector.util.TransferPair;
import org.jspecify.annotations.Nullable;

/**
 * The AGGREGATE op over a table's Arrow data, with DuckDB's semantics and result types
 * (protocol §5.10): group keys {@code g0…} keep their types and group NULLs together;
 * {@code count} is BIGINT; {@code sum} over integers is HUGEINT (decimal(38,0)), over
 * floating point DOUBLE, over DECIMAL(p,s) DECIMAL(38,s); {@code avg} is DOUBLE;
 * {@code min}/{@code max} keep the input type (text compares by its UTF-8 bytes).
 * Aggregates other than {@code count} ignore NULLs and are NULL over no values. With no
 * group keys the answer is one row even over no rows; with keys, one row per group.
 *
 * @author n6k
 */
final class Aggregation implements BatchSource {

	private static final ArrowType BIGINT = new ArrowType.Int(64, true);

	private static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

	private final byte[] data;

	private final Schema input;

	private final List<Integer> keys;

	private final List<Accumulator> accumulators;

	private final RowFilter filter;

	private final BufferAllocator allocator;

	private final Schema schema;

	private final @Nullable CompletableFuture<Void> ready;

	private @Nullable VectorSchemaRoot output;

	private boolean done;

	Aggregation(byte[] data, Schema input, List<String> groupBy, List<Aggregate> aggregates, List<Filter> filters,
			BufferAllocator allocator, Duration delay) {
		this.data = data;
		this.input = input;
		this.filter = new RowFilter(input, filters);
		this.allocator = allocator;
		List<Field> fields = new ArrayList<>();
		this.keys = new ArrayList<>();
		for (int i = 0; i < groupBy.size(); i++) {
			int index = RowFilter.columnIndex(input, groupBy.get(i));
			this.keys.add(index);
			fields.add(renamed(input.getFields().get(index), "g" + i));
		}
		this.accumulators = new ArrayList<>();
		for (int i = 0; i < aggregates.size(); i++) {
			Accumulator accumulator = accumulator(aggregates.get(i));
			this.accumulators.add(accumulator);
			fields.add(accumulator.field("a" + i));
		}
		this.schema = new Schema(fields);
		this.ready = delay.isZero() ? null
				: new CompletableFuture<Void>().completeOnTimeout(null, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public Schema schema() {
		return this.schema;
	}

	@Override
	public @Nullable CompletionStage<?> whenReady() {
		return this.ready;
	}

	@Override
	public @Nullable VectorSchemaRoot next() throws IOException {
		if (this.done) {
			return null;
		}
		this.done = true;
		List<FieldVector> vectors = new ArrayList<>();
		try {
			for (Field field : this.schema.getFields()) {
				FieldVector vector = field.createVector(this.allocator);
				vector.allocateNew();
				vectors.add(vector);
			}
			int groups = aggregate(vectors);
			for (int i = 0; i < this.keys.size(); i++) {
				vectors.get(i).setValueCount(groups);
			}
			this.output = new VectorSchemaRoot(this.schema.getFields(), vectors, groups);
			return this.output;
		}
		catch (IOException | RuntimeException ex) {
			vectors.forEach(FieldVector::close);
			throw ex;
		}
	}

	/**
	 * Fold every matching row into its group and write the results; return the number of
	 * groups. Batches stay loaded until then: min and max are copied from their rows in
	 * group order, as variable-width vectors must be written.
	 */
	private int aggregate(List<FieldVector> outputs) throws IOException {
		Map<List<@Nullable Object>, Integer> groups = new HashMap<>();
		if (this.keys.isEmpty()) {
			groups.put(List.of(), 0);
		}
		List<VectorSchemaRoot> batches = new ArrayList<>();
		try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayReadableSeekableByteChannel(this.data),
				this.allocator)) {
			while (reader.loadNextBatch()) {
				VectorSchemaRoot batch = keep(reader.getVectorSchemaRoot());
				batches.add(batch);
				for (int row : this.filter.matchingRows(batch)) {
					List<@Nullable Object> key = new ArrayList<>(this.keys.size());
					for (int index : this.keys) {
						key.add(groupValue(batch.getVector(index).getObject(row)));
					}
					Integer group = groups.get(key);
					if (group == null) {
						group = groups.size();
						groups.put(key, group);
						for (int i = 0; i < this.keys.size(); i++) {
							outputs.get(i).copyFromSafe(row, group, batch.getVector(this.keys.get(i)));
						}
					}
					for (Accumulator accumulator : this.accumulators) {
						accumulator.add(batches.size() - 1, batch, row, group);
					}
				}
			}
			for (int i = 0; i < this.accumulators.size(); i++) {
				this.accumulators.get(i).write(outputs.get(this.keys.size() + i), groups.size(), batches);
			}
			return groups.size();
		}
		finally {
			batches.forEach(VectorSchemaRoot::close);
		}
	}

	/** Take a loaded batch's buffers, so the reader loads the next one into new ones. */
	private VectorSchemaRoot keep(VectorSchemaRoot loaded) {
		List<FieldVector> vectors = new ArrayList<>();
		for (FieldVector vector : loaded.getFieldVectors()) {
			TransferPair pair = vector.getTransferPair(this.allocator);
			pair.transfer();
			vectors.add((FieldVector) pair.getTo());
		}
		return new VectorSchemaRoot(loaded.getSchema().getFields(), vectors, loaded.getRowCount());
	}

	@Override
	public void close() {
		if (this.output != null) {
			this.output.close();
			this.output = null;
		}
	}

	// ---------------------------------------------------------------- accumulators

	private Accumulator accumulator(Aggregate aggregate) {
		if (aggregate.column() == null) {
			return new Count(-1);
		}
		int column = RowFilter.columnIndex(this.input, aggregate.column());
		Field field = this.input.getFields().get(column);
		Numeric kind = Numeric.of(field.getType());
		return switch (aggregate.function()) {
			case "count" -> new Count(column);
			case "min" -> new Extreme(column, field, -1);
			case "max" -> new Extreme(column, field, 1);
			default -> {
				if (kind == Numeric.NONE) {
					throw new N6kException(ExceptionType.BinderException,
							"No function matches the given name and " + "argument types '" + aggregate.function() + "("
									+ field.getType() + ")'. You might need to " + "add explicit type casts.");
				}
				yield aggregate.function().equals("sum") ? new Sum(column, field, kind)
						: new Average(column, field, kind);
			}
		};
	}

	private static void ensureCapacity(FieldVector vector, int rows) {
		while (vector.getValueCapacity() < rows) {
			vector.reAlloc();
		}
	}

	private static Field renamed(Field field, String name) {
		return new Field(name, FieldType.nullable(field.getType()), field.getChildren());
	}

	/** A value as a group key: text and bytes by content. */
	private static @Nullable Object groupValue(@Nullable Object value) {
		if (value instanceof Text text) {
			return text.toString();
		}
		if (value instanceof byte[] bytes) {
			return ByteBuffer.wrap(bytes);
		}
		return value;
	}

	private static @Nullable Object value(VectorSchemaRoot batch, int column, int row) {
		FieldVector vector = batch.getVector(column);
		if (vector instanceof UInt8Vector unsigned) {
			return unsigned.isNull(row) ? null : unsigned.getObjectNoOverflow(row);
		}
		return vector.getObject(row);
	}

	/** How a column sums and averages. */
	private enum Numeric {

		/** Up to 32-bit integers: averaged in double precision, as DuckDB does. */
		SMALL_INTEGER,

		/** 64-bit integers: summed exactly, averaged with extended precision. */
		INTEGER,

		FLOATING,

		DECIMAL,

		NONE;

		static Numeric of(ArrowType type) {
			if (type instanceof ArrowType.Int integer) {
				return (integer.getBitWidth() < 64 && (integer.getIsSigned() || integer.getBitWidth() < 32))
						? SMALL_INTEGER : INTEGER;
			}
			if (type instanceof ArrowType.FloatingPoint) {
				return FLOATING;
			}
			if (type instanceof ArrowType.Decimal) {
				return DECIMAL;
			}
			return NONE;
		}

	}

	private abstract static class Accumulator {

		final int column;

		Accumulator(int column) {
			this.column = column;
		}

		abstract Field field(String name);

		abstract void add(int batchIndex, VectorSchemaRoot batch, int row, int group);

		abstract void write(FieldVector output, int groups, List<VectorSchemaRoot> batches);

	}

	/** {@code count(*)} (column -1) or {@code count(column)}. */
	private static final class Count extends Accumulator {

		private long[] counts = new long[16];

		Count(int column) {
			super(column);
		}

		@Override
		Field field(String name) {
			return new Field(name, FieldType.nullable(BIGINT), null);
		}

		@Override
		void add(int batchIndex, VectorSchemaRoot batch, int row, int group) {
			if (group >= this.counts.length) {
				this.counts = Arrays.copyOf(this.counts, Math.max(group + 1, this.counts.length * 2));
			}
			if (this.column < 0 || !batch.getVector(this.column).isNull(row)) {
				this.counts[group]++;
			}
		}

		@Override
		void write(FieldVector output, int groups, List<VectorSchemaRoot> batches) {
			BigIntVector vector = (BigIntVector) output;
			for (int group = 0; group < groups; group++) {
				vector.setSafe(group, (group < this.counts.length) ? this.counts[group] : 0);
			}
			vector.setValueCount(groups);
		}

	}

	/** Exact sums (integers, decimals) or double sums, per group, with value counts. */
	private static class Sum extends Accumulator {

		final Numeric kind;

		final int scale;

		final List<@Nullable BigDecimal> exact = new ArrayList<>();

		final List<@Nullable Double> floating = new ArrayList<>();

		final List<Long> counts = new ArrayList<>();

		Sum(int column, Field field, Numeric kind) {
			super(column);
			this.kind = kind;
			this.scale = (field.getType() instanceof ArrowType.Decimal decimal) ? decimal.getScale() : 0;
		}

		@Override
		Field field(String name) {
			ArrowType type = (this.kind == Numeric.FLOATING) ? DOUBLE : new ArrowType.Decimal(38, this.scale, 128);
			return new Field(name, FieldType.nullable(type), null);
		}

		@Override
		void add(int batchIndex, VectorSchemaRoot batch, int row, int group) {
			while (this.counts.size() <= group) {
				this.exact.add(null);
				this.floating.add(null);
				this.counts.add(0L);
			}
			Object value = value(batch, this.column, row);
			if (value == null) {
				return;
			}
			this.counts.set(group, this.counts.get(group) + 1);
			if (this.kind == Numeric.FLOATING) {
				Double sum = this.floating.get(group);
				this.floating.set(group, ((sum != null) ? sum : 0.0) + ((Number) value).doubleValue());
			}
			else {
				BigDecimal number = (value instanceof BigDecimal d) ? d : (value instanceof BigInteger i)
						? new BigDecimal(i) : BigDecimal.valueOf(((Number) value).longValue());
				BigDecimal sum = this.exact.get(group);
				this.exact.set(group, (sum != null) ? sum.add(number) : number);
			}
		}

		long count(int group) {
			return (group < this.counts.size()) ? this.counts.get(group) : 0;
		}

		@Override
		void write(FieldVector output, int groups, List<VectorSchemaRoot> batches) {
			ensureCapacity(output, groups);
			for (int group = 0; group < groups; group++) {
				if (count(group) == 0) {
					output.setNull(group);
				}
				else if (this.kind == Numeric.FLOATING) {
					((Float8Vector) output).setSafe(group, this.floating.get(group));
				}
				else {
					((DecimalVector) output).setSafe(group, this.exact.get(group).setScale(this.scale));
				}
			}
			output.setValueCount(groups);
		}

	}

	/** {@code avg}: DOUBLE, computed as DuckDB does for the input type. */
	private static final class Average extends Sum {

		Average(int column, Field field, Numeric kind) {
			super(column, field, kind);
		}

		@Override
		Field field(String name) {
			return new Field(name, FieldType.nullable(DOUBLE), null);
		}

		@Override
		void write(FieldVector output, int groups, List<VectorSchemaRoot> batches) {
			Float8Vector vector = (Float8Vector) output;
			ensureCapacity(vector, groups);
			for (int group = 0; group < groups; group++) {
				long count = count(group);
				if (count == 0) {
					vector.setNull(group);
				}
				else if (this.kind == Numeric.FLOATING) {
					vector.setSafe(group, this.floating.get(group) / count);
				}
				else if (this.kind == Numeric.SMALL_INTEGER) {
					vector.setSafe(group, this.exact.get(group).doubleValue() / count);
				}
				else if (this.kind == Numeric.DECIMAL) {
					// DuckDB casts the sum to DOUBLE (unscaled value over a power of
					// ten), then divides
					double sum = this.exact.get(group).unscaledValue().doubleValue() / Math.pow(10, this.scale);
					vector.setSafe(group, sum / count);
				}
				else {
					vector.setSafe(group,
							this.exact.get(group)
								.divide(BigDecimal.valueOf(count), MathContext.DECIMAL128)
								.doubleValue());
				}
			}
			vector.setValueCount(groups);
		}

	}

	/** {@code min} (sign -1) or {@code max} (sign 1): the winning row per group. */
	private static final class Extreme extends Accumulator {

		private final Field field;

		private final int sign;

		private final List<@Nullable Object> values = new ArrayList<>();

		private final List<int[]> rows = new ArrayList<>();

		Extreme(int column, Field field, int sign) {
			super(column);
			this.field = field;
			this.sign = sign;
		}

		@Override
		Field field(String name) {
			return renamed(this.field, name);
		}

		@Override
		void add(int batchIndex, VectorSchemaRoot batch, int row, int group) {
			while (this.values.size() <= group) {
				this.values.add(null);
				this.rows.add(null);
			}
			Object value = value(batch, this.column, row);
			if (value == null) {
				return;
			}
			Object best = this.values.get(group);
			if (best == null || compare(value, best) * this.sign > 0) {
				this.values.set(group, value);
				this.rows.set(group, new int[] { batchIndex, row });
			}
		}

		@Override
		void write(FieldVector output, int groups, List<VectorSchemaRoot> batches) {
			for (int group = 0; group < groups; group++) {
				int[] winner = (group < this.rows.size()) ? this.rows.get(group) : null;
				if (winner != null) {
					// groups without a value stay NULL (validity starts cleared)
					output.copyFromSafe(winner[1], group, batches.get(winner[0]).getVector(this.column));
				}
			}
			output.setValueCount(groups);
		}

		@SuppressWarnings({ "unchecked", "rawtypes" })
		private static int compare(Object left, Object right) {
			if (left instanceof Text l && right instanceof Text r) {
				return Arrays.compareUnsigned(l.copyBytes(), r.copyBytes());
			}
			if (left instanceof byte[] l && right instanceof byte[] r) {
				return Arrays.compareUnsigned(l, r);
			}
			if (left instanceof Double l && right instanceof Double r) {
				return Double.compare(l, r);
			}
			if (left instanceof Float l && right instanceof Float r) {
				return Float.compare(l, r);
			}
			if (left instanceof Comparable comparable && left.getClass() == right.getClass()) {
				return comparable.compareTo(right);
			}
			throw new N6kException(ExceptionType.NotImplementedException,
					"n6k: min and max are not supported on values of type " + left.getClass().getSimpleName());
		}

	}

}
