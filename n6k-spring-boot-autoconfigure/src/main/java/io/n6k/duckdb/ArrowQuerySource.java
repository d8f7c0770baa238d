package io.n6k.duckdb;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import io.n6k.backend.BatchSource;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
import org.jspecify.annotations.Nullable;

/**
 * A query result leaving DuckDB through its Arrow export. ENUM columns (dictionary
 * encoded by the exporter) are decoded to their values, so no dictionary batch is ever
 * sent. Cancel closes the request's own connection: that is the only thing that stops an
 * Arrow export inside DuckDB (the interrupted connection is not reused). Closing the
 * source gives the connection back through its lease.
 *
 * @author n6k
 * @since 0.1.0
 */
final class ArrowQuerySource implements BatchSource {

	private final ConnectionLease lease;

	private final DuckDBConnection connection;

	private final Statement statement;

	private final DuckDBResultSet resultSet;

	private final ArrowReader reader;

	private final BufferAllocator allocator;

	private final Schema schema;

	private final VectorSchemaRoot readerRoot;

	private final boolean decodeDictionaries;

	private @Nullable VectorSchemaRoot decoded;

	private volatile boolean cancelled;

	private boolean commitAtEnd;

	/** Whether the statement belongs to the connection's {@link PreparedStatements}. */
	private boolean statementKept;

	private ArrowQuerySource(ConnectionLease lease, Statement statement, DuckDBResultSet resultSet, ArrowReader reader,
			BufferAllocator allocator) throws IOException {
		this.lease = lease;
		this.connection = lease.connection();
		this.statement = statement;
		this.resultSet = resultSet;
		this.reader = reader;
		this.allocator = allocator;
		this.readerRoot = reader.getVectorSchemaRoot();
		Schema exported = this.readerRoot.getSchema();
		this.decodeDictionaries = exported.getFields().stream().anyMatch((field) -> field.getDictionary() != null);
		this.schema = this.decodeDictionaries ? servedSchema(exported, reader) : exported;
	}

	/**
	 * Run a statement on a connection the source then owns (it closes the lease).
	 * @param lease the request's connection
	 * @param sql the statement
	 * @param allocator the request allocator
	 * @param batchRows rows per exported batch, from the result's column types
	 * @param commitAtEnd whether to commit the connection's transaction when the stream
	 * has been read to its end
	 * @param readOnly whether the statement only reads (so it may be run again to
	 * diagnose a failure)
	 * @return the source
	 * @throws SQLException if the statement fails before streaming
	 */
	static ArrowQuerySource open(ConnectionLease lease, String sql, BufferAllocator allocator,
			ToLongFunction<ResultSetMetaData> batchRows, boolean commitAtEnd, boolean readOnly) throws SQLException {
		return open(lease, sql, allocator, batchRows, commitAtEnd, readOnly, (fresh) -> {
		});
	}

	/**
	 * Run a statement as
	 * {@link #open(ConnectionLease, String, BufferAllocator, ToLongFunction, boolean, boolean)}
	 * does; a read-only statement that must be run again to diagnose a failure runs on a
	 * fresh connection prepared by {@code diagnosis} (the {@link PolicyBarrier} needs its
	 * settings there too).
	 */
	static ArrowQuerySource open(ConnectionLease lease, String sql, BufferAllocator allocator,
			ToLongFunction<ResultSetMetaData> batchRows, boolean commitAtEnd, boolean readOnly, Diagnosis diagnosis)
			throws SQLException {
		DuckDBConnection connection = lease.connection();
		Statement statement = connection.createStatement();
		try {
			if (!executeStreaming(connection, statement, sql, !readOnly, diagnosis)) {
				// DDL and DML run through a streaming op: answer their row count as data.
				long count = statement.getUpdateCount();
				closeQuietly(statement);
				statement = connection.createStatement();
				statement.execute((count > 0) ? "SELECT " + count + "::BIGINT AS \"Count\""
						: "SELECT 0::BIGINT AS \"Count\" WHERE false");
			}
			DuckDBResultSet resultSet = (DuckDBResultSet) statement.getResultSet();
			long rows = batchRows.applyAsLong(resultSet.getMetaData());
			ArrowReader reader = (ArrowReader) resultSet.arrowExportStream(allocator, rows);
			ArrowQuerySource source = new ArrowQuerySource(lease, statement, resultSet, reader, allocator);
			source.commitAtEnd = commitAtEnd;
			return source;
		}
		catch (IOException ex) {
			closeQuietly(statement);
			throw new SQLException(ex.getMessage(), ex);
		}
		catch (SQLException | RuntimeException ex) {
			closeQuietly(statement);
			throw ex;
		}
	}

	/**
	 * Execute with streamed results. When execution fails before the first chunk,
	 * DuckDB's JDBC driver reports only "Invalid result set"; for a read-only query the
	 * real error is recovered by running it once more, materialised into a temporary
	 * table that is never kept.
	 */
	private static boolean executeStreaming(DuckDBConnection connection, Statement statement, String sql,
			boolean mayWrite, Diagnosis diagnosis) throws SQLException {
		try {
			return statement.execute(sql);
		}
		catch (SQLException ex) {
			if (mayWrite || ex.getMessage() == null || !ex.getMessage().contains("Invalid result set")) {
				throw ex;
			}
			String probe = "__n6k_diagnose_" + java.util.UUID.randomUUID().toString().replace("-", "");
			try (DuckDBConnection fresh = connection.duplicate(); Statement diagnose = fresh.createStatement()) {
				diagnosis.prepare(fresh);
				diagnose.execute("CREATE TEMP TABLE " + probe + " AS " + sql);
				diagnose.execute("DROP TABLE " + probe);
			}
			catch (SQLException real) {
				throw real;
			}
			throw ex;
		}
	}

	/**
	 * Run a read-only statement the server generated through the prepared statements kept
	 * with the lease's pooled connection, in auto-commit.
	 * @param lease the request's connection, clean
	 * @param sql the statement
	 * @param version the current shape version
	 * @param allocator the request allocator
	 * @param batchRows rows per exported batch, from the result's column types
	 * @return the source, or {@code null} when the lease keeps no statements or the kept
	 * statement failed (it is discarded; the caller runs the statement as usual, which
	 * reports its real error)
	 */
	static @Nullable ArrowQuerySource openPrepared(ConnectionLease lease, String sql, long version,
			BufferAllocator allocator, ToLongFunction<ResultSetMetaData> batchRows) {
		PreparedStatements statements = lease.statements();
		if (statements == null) {
			return null;
		}
		try {
			PreparedStatement statement = statements.take(sql, version);
			if (!statement.execute()) {
				statements.discard(sql);
				return null;
			}
			DuckDBResultSet resultSet = (DuckDBResultSet) statement.getResultSet();
			try {
				long rows = batchRows.applyAsLong(resultSet.getMetaData());
				ArrowReader reader = (ArrowReader) resultSet.arrowExportStream(allocator, rows);
				ArrowQuerySource source = new ArrowQuerySource(lease, statement, resultSet, reader, allocator);
				source.statementKept = true;
				return source;
			}
			catch (IOException | SQLException | RuntimeException ex) {
				closeQuietly(resultSet);
				throw ex;
			}
		}
		catch (IOException | SQLException | RuntimeException ex) {
			statements.discard(sql);
			return null;
		}
	}

	static ArrowQuerySource open(ConnectionLease lease, String sql, BufferAllocator allocator, long batchRows,
			boolean commitAtEnd, boolean readOnly) throws SQLException {
		return open(lease, sql, allocator, (metadata) -> batchRows, commitAtEnd, readOnly);
	}

	/**
	 * Prepares the fresh connection a failed read-only statement is run again on.
	 */
	@FunctionalInterface
	interface Diagnosis {

		void prepare(DuckDBConnection fresh) throws SQLException;

	}

	@Override
	public Schema schema() {
		return this.schema;
	}

	@Override
	public @Nullable VectorSchemaRoot next() throws Exception {
		closeDecoded();
		try {
			if (!this.reader.loadNextBatch()) {
				if (this.commitAtEnd) {
					this.commitAtEnd = false;
					this.connection.commit();
				}
				return null;
			}
		}
		catch (IOException | SQLException | RuntimeException ex) {
			if (this.cancelled) {
				return null;
			}
			throw DuckDbErrors.translate(ex);
		}
		VectorSchemaRoot root = this.readerRoot;
		if (!this.decodeDictionaries) {
			return root;
		}
		List<FieldVector> vectors = new ArrayList<>();
		for (FieldVector vector : root.getFieldVectors()) {
			DictionaryEncoding encoding = vector.getField().getDictionary();
			if (encoding != null) {
				Dictionary dictionary = this.reader.lookup(encoding.getId());
				ValueVector values = DictionaryEncoder.decode(vector, dictionary, this.allocator);
				vectors.add((FieldVector) values);
			}
			else {
				vectors.add(vector);
			}
		}
		VectorSchemaRoot out = new VectorSchemaRoot(this.schema.getFields(), vectors, root.getRowCount());
		this.decoded = out;
		return out;
	}

	private void closeDecoded() {
		VectorSchemaRoot previous = this.decoded;
		if (previous != null) {
			// only the decoded vectors belong to us; the others belong to the reader
			for (FieldVector vector : previous.getFieldVectors()) {
				if (!this.readerRoot.getFieldVectors().contains(vector)) {
					vector.close();
				}
			}
			this.decoded = null;
		}
	}

	@Override
	public void cancel() {
		this.cancelled = true;
		this.lease.interrupt();
	}

	@Override
	public void close() {
		closeDecoded();
		try {
			this.reader.close();
		}
		catch (IOException | RuntimeException ex) {
			// the result is abandoned either way
		}
		closeQuietly(this.resultSet);
		if (!this.statementKept) {
			closeQuietly(this.statement);
		}
		// a stream closed before its end still holds its transaction: the lease rolls it
		// back
		this.lease.close();
	}

	private static void closeQuietly(@Nullable AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// closing
			}
		}
	}

	private static Schema servedSchema(Schema exported, ArrowReader reader) throws IOException {
		List<Field> fields = new ArrayList<>();
		for (Field field : exported.getFields()) {
			DictionaryEncoding encoding = field.getDictionary();
			if (encoding == null) {
				fields.add(field);
				continue;
			}
			Field valueField = reader.lookup(encoding.getId()).getVector().getField();
			fields.add(new Field(field.getName(), new FieldType(true, valueField.getType(), null),
					valueField.getChildren()));
		}
		return new Schema(fields);
	}

}
