package io.n6k.memory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.n6k.access.CatalogAccess;
import io.n6k.access.PolicyVerb;
import io.n6k.access.TablePolicy;
import io.n6k.backend.BatchSource;
import io.n6k.backend.CatalogHandler;
import io.n6k.backend.Filter;
import io.n6k.backend.RequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;
import io.n6k.backend.TableRef;
import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.N6kException;
import io.n6k.protocol.TableInfo;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.apache.arrow.vector.util.TransferPair;
import org.jspecify.annotations.Nullable;

/**
 * A read-only catalog of named Arrow tables held in memory: proof that the SPI does not
 * depend on DuckDB, and a quick way to serve data computed by the application. Supports
 * CATALOG_LIST, TABLES_LIST, TABLE_SCHEMA, SCAN (projection and the full filter grammar)
 * and AGGREGATE (the functions, group keys and filters of protocol §5.10, with DuckDB's
 * semantics, so it advertises {@code aggregate_pushdown}); other ops answer
 * NotImplementedException.
 * <p>
 * With {@link Builder#access} it serves only the listed tables, per principal. It cannot
 * evaluate row predicates, so it refuses to be built with policies other than
 * {@code true} (and refuses a request whose per-principal policy filters rows): it never
 * serves a policied table unfiltered.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class InMemoryCatalog implements CatalogHandler {

	private final Map<TableRef, byte[]> tables;

	private final Map<TableRef, Schema> schemas;

	private final Duration scanDelay;

	private final @Nullable CatalogAccess access;

	private InMemoryCatalog(Map<TableRef, byte[]> tables, Map<TableRef, Schema> schemas, Duration scanDelay,
			@Nullable CatalogAccess access) {
		this.tables = tables;
		this.schemas = schemas;
		this.scanDelay = scanDelay;
		this.access = access;
	}

	/**
	 * Start building a catalog.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public Result catalogList(RequestContext context) {
		TreeSet<String> names = new TreeSet<>();
		this.tables.keySet()
			.stream()
			.filter((table) -> visible(context, table))
			.forEach((table) -> names.add(table.schema()));
		return Result.schemas(new ArrayList<>(names));
	}

	@Override
	public Result tablesList(RequestContext context, Requests.TablesList request) {
		List<TableInfo> rows = new ArrayList<>();
		for (TableRef table : this.tables.keySet()) {
			if ((request.schema() == null || table.schema().equalsIgnoreCase(request.schema()))
					&& visible(context, table)) {
				rows.add(new TableInfo(table.schema(), table.table(), false, false, List.of()));
			}
		}
		return Result.tables(rows);
	}

	@Override
	public Result tableSchema(RequestContext context, TableRef table) {
		return Result
			.schema(Objects.requireNonNull(this.schemas.get(resolve(context, table)), "schema of a known table"));
	}

	@Override
	public Result scan(RequestContext context, Requests.Scan request) {
		TableRef table = resolve(context, request.table());
		Schema schema = Objects.requireNonNull(this.schemas.get(table), "schema of a known table");
		List<Integer> projection = new ArrayList<>();
		if (request.columns().isEmpty()) {
			for (int i = 0; i < schema.getFields().size(); i++) {
				projection.add(i);
			}
		}
		else {
			for (String column : request.columns()) {
				projection.add(RowFilter.columnIndex(schema, column));
			}
		}
		RowFilter filter = new RowFilter(schema, request.filters());
		return Result.stream(new Scan(Objects.requireNonNull(this.tables.get(table), "batches of a known table"),
				projection, filter, context.allocator(), this.scanDelay));
	}

	@Override
	public Result aggregate(RequestContext context, Requests.AggregateQuery request) {
		TableRef table = resolve(context, request.table());
		return Result.stream(new Aggregation(Objects.requireNonNull(this.tables.get(table), "batches of a known table"),
				Objects.requireNonNull(this.schemas.get(table), "schema of a known table"), request.groupBy(),
				request.aggregates(), request.filters(), context.allocator(), this.scanDelay));
	}

	private boolean visible(RequestContext context, TableRef table) {
		return this.access == null || this.access.forPrincipal(context.principal()).policy(table).isPresent();
	}

	private TableRef resolve(RequestContext context, TableRef table) {
		if (this.access != null) {
			TablePolicy policy = this.access.forPrincipal(context.principal()).requireVerb(table, PolicyVerb.SELECT);
			if (!policy.unrestricted(PolicyVerb.SELECT)) {
				throw N6kException.permission("n6k: the in-memory catalog cannot apply the row policy of table \""
						+ table.qualifiedName() + "\"");
			}
		}
		return resolve(table);
	}

	private TableRef resolve(TableRef table) {
		for (TableRef candidate : this.tables.keySet()) {
			if (candidate.schema().equalsIgnoreCase(table.schema())
					&& candidate.table().equalsIgnoreCase(table.table())) {
				return candidate;
			}
		}
		throw new N6kException(ExceptionType.CatalogException, "Table with name " + table.table() + " does not exist!");
	}

	/**
	 * Streams one table: decodes its stored batches, keeps matching rows and projects.
	 */
	private static final class Scan implements BatchSource {

		private final ArrowStreamReader reader;

		private final List<Integer> projection;

		private final RowFilter filter;

		private final BufferAllocator allocator;

		private final Schema schema;

		private final @Nullable CompletableFuture<Void> ready;

		private @Nullable VectorSchemaRoot output;

		Scan(byte[] data, List<Integer> projection, RowFilter filter, BufferAllocator allocator, Duration delay) {
			this.reader = new ArrowStreamReader(new ByteArrayReadableSeekableByteChannel(data), allocator);
			this.projection = projection;
			this.filter = filter;
			this.allocator = allocator;
			try {
				Schema source = this.reader.getVectorSchemaRoot().getSchema();
				List<Field> fields = new ArrayList<>();
				for (int index : projection) {
					fields.add(source.getFields().get(index));
				}
				this.schema = new Schema(fields);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			// Waiting for a slow source is a timer, not a sleeping thread.
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
			closeOutput();
			while (this.reader.loadNextBatch()) {
				VectorSchemaRoot input = this.reader.getVectorSchemaRoot();
				List<Integer> rows = this.filter.matchingRows(input);
				if (rows.isEmpty()) {
					continue;
				}
				VectorSchemaRoot out = VectorSchemaRoot.create(this.schema, this.allocator);
				out.allocateNew();
				for (int i = 0; i < this.projection.size(); i++) {
					ValueVector from = input.getVector(this.projection.get(i));
					FieldVector to = out.getVector(i);
					TransferPair pair = from.makeTransferPair(to);
					for (int r = 0; r < rows.size(); r++) {
						pair.copyValueSafe(rows.get(r), r);
					}
					to.setValueCount(rows.size());
				}
				out.setRowCount(rows.size());
				this.output = out;
				return out;
			}
			return null;
		}

		private void closeOutput() {
			if (this.output != null) {
				this.output.close();
				this.output = null;
			}
		}

		@Override
		public void close() {
			closeOutput();
			try {
				this.reader.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/**
	 * Builds an {@link InMemoryCatalog}.
	 */
	public static final class Builder {

		private final Map<TableRef, byte[]> tables = new LinkedHashMap<>();

		private final Map<TableRef, Schema> schemas = new LinkedHashMap<>();

		private Duration scanDelay = Duration.ZERO;

		private @Nullable CatalogAccess access;

		/**
		 * Add a table. Dictionary-encoded columns are decoded (served as their value
		 * type); the data is copied, so the caller keeps ownership of {@code data}.
		 * @param schema schema name
		 * @param name table name
		 * @param data the rows
		 * @param dictionaries dictionaries of encoded columns, or {@code null}
		 * @return this builder
		 */
		public Builder table(String schema, String name, VectorSchemaRoot data,
				@Nullable DictionaryProvider dictionaries) {
			try (BufferAllocator allocator = new RootAllocator();
					VectorSchemaRoot decoded = decode(data, dictionaries, allocator)) {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				try (ArrowStreamWriter writer = new ArrowStreamWriter(decoded, null, Channels.newChannel(out))) {
					writer.start();
					writer.writeBatch();
					writer.end();
				}
				TableRef table = new TableRef(schema, name);
				this.tables.put(table, out.toByteArray());
				this.schemas.put(table, decoded.getSchema());
				return this;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/**
		 * Add a table without dictionary-encoded columns.
		 * @param schema schema name
		 * @param name table name
		 * @param data the rows
		 * @return this builder
		 */
		public Builder table(String schema, String name, VectorSchemaRoot data) {
			return table(schema, name, data, null);
		}

		/**
		 * Make every scan and aggregate wait before its first batch, as a slow remote
		 * source would.
		 * @param delay the wait
		 * @return this builder
		 */
		public Builder scanDelay(Duration delay) {
			this.scanDelay = delay;
			return this;
		}

		/**
		 * Serve only the tables an access lists, as its policies allow each principal.
		 * Only policies without row predicates ({@code select: true}, the {@code read}
		 * grant) can be served: {@link #build} refuses others.
		 * @param access the catalog's access
		 * @return this builder
		 */
		public Builder access(CatalogAccess access) {
			this.access = access;
			return this;
		}

		/**
		 * Build the catalog.
		 * @return the catalog
		 * @throws IllegalStateException when the access has row policies this backend
		 * cannot enforce
		 */
		public InMemoryCatalog build() {
			CatalogAccess access = this.access;
			if (access != null && access.filtersRows()) {
				String policied = access.policies()
					.entrySet()
					.stream()
					.filter((entry) -> entry.getValue().filtersRows())
					.map((entry) -> entry.getKey().qualifiedName())
					.collect(Collectors.joining(", "));
				throw new IllegalStateException("The in-memory catalog cannot enforce row policies ("
						+ (policied.isEmpty() ? "a RowPolicyProvider decides them per principal" : "tables " + policied)
						+ "), so it refuses to serve them: serve these tables from DuckDB, or give them select: true.");
			}
			return new InMemoryCatalog(new LinkedHashMap<>(this.tables), new LinkedHashMap<>(this.schemas),
					this.scanDelay, access);
		}

		private static VectorSchemaRoot decode(VectorSchemaRoot data, @Nullable DictionaryProvider dictionaries,
				BufferAllocator allocator) {
			List<FieldVector> vectors = new ArrayList<>();
			for (FieldVector vector : data.getFieldVectors()) {
				if (vector.getField().getDictionary() != null && dictionaries != null) {
					Dictionary dictionary = dictionaries.lookup(vector.getField().getDictionary().getId());
					try (FieldVector values = (FieldVector) DictionaryEncoder.decode(vector, dictionary, allocator)) {
						// keep the column's name, not the dictionary's
						Field field = new Field(vector.getName(), values.getField().getFieldType(),
								values.getField().getChildren());
						FieldVector renamed = field.createVector(allocator);
						values.makeTransferPair(renamed).transfer();
						vectors.add(renamed);
					}
				}
				else {
					FieldVector copy = vector.getField().createVector(allocator);
					copy.allocateNew();
					for (int row = 0; row < data.getRowCount(); row++) {
						copy.copyFromSafe(row, row, vector);
					}
					copy.setValueCount(data.getRowCount());
					vectors.add(copy);
				}
			}
			VectorSchemaRoot root = new VectorSchemaRoot(vectors);
			root.setRowCount(data.getRowCount());
			return root;
		}

	}

}
