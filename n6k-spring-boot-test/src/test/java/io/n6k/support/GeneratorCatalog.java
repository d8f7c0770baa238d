package io.n6k.support;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.n6k.backend.BatchSource;
import io.n6k.backend.CatalogHandler;
import io.n6k.backend.RequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;
import io.n6k.backend.TableRef;
import io.n6k.protocol.N6kException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A test backend whose QUERY text names a generator: {@code endless} (2,048-row batches
 * forever), {@code rows:N} (N rows in 2,048-row batches), {@code fail:N} (fails after N
 * batches). It counts the sources it opened and closed, to prove teardown, and the
 * batches they produced.
 */
public class GeneratorCatalog implements CatalogHandler {

	public static final Schema SCHEMA = new Schema(
			List.of(new Field("n", FieldType.nullable(new ArrowType.Int(64, true)), null)));

	public final AtomicInteger opened = new AtomicInteger();

	public final AtomicInteger closed = new AtomicInteger();

	/** Batches produced by every source so far, to prove how far a stream reads ahead. */
	public final AtomicLong batches = new AtomicLong();

	@Override
	public Result catalogList(RequestContext context) {
		return Result.schemas(List.of("main"));
	}

	@Override
	public Result tablesList(RequestContext context, Requests.TablesList request) {
		return Result.tables(List.of());
	}

	@Override
	public Result tableSchema(RequestContext context, TableRef table) {
		throw N6kException.catalog("Table with name " + table.table() + " does not exist!");
	}

	@Override
	public Result scan(RequestContext context, Requests.Scan request) {
		throw N6kException.catalog("Table with name " + request.table().table() + " does not exist!");
	}

	@Override
	public Result query(RequestContext context, Requests.Sql request) {
		String sql = request.sql();
		long limit = sql.equals("endless") ? Long.MAX_VALUE
				: sql.startsWith("rows:") ? Long.parseLong(sql.substring(5)) : Long.MAX_VALUE;
		long failAfter = sql.startsWith("fail:") ? Long.parseLong(sql.substring(5)) : -1;
		this.opened.incrementAndGet();
		return Result.stream(new Generator(context.allocator(), limit, failAfter));
	}

	private final class Generator implements BatchSource {

		private final VectorSchemaRoot root;

		private final long limit;

		private final long failAfter;

		private long produced;

		private long batches;

		Generator(BufferAllocator allocator, long limit, long failAfter) {
			this.root = VectorSchemaRoot.create(SCHEMA, allocator);
			this.limit = limit;
			this.failAfter = failAfter;
		}

		@Override
		public Schema schema() {
			return SCHEMA;
		}

		@Override
		public @Nullable VectorSchemaRoot next() {
			if (this.failAfter >= 0 && this.batches == this.failAfter) {
				throw N6kException.invalidInput("generator failed on purpose");
			}
			int rows = (int) Math.min(2048, this.limit - this.produced);
			if (rows <= 0) {
				return null;
			}
			BigIntVector vector = (BigIntVector) this.root.getVector(0);
			vector.allocateNew(rows);
			for (int i = 0; i < rows; i++) {
				vector.set(i, this.produced + i);
			}
			vector.setValueCount(rows);
			this.root.setRowCount(rows);
			this.produced += rows;
			this.batches++;
			GeneratorCatalog.this.batches.incrementAndGet();
			return this.root;
		}

		@Override
		public void close() {
			this.root.close();
			GeneratorCatalog.this.closed.incrementAndGet();
		}

	}

}
