package io.n6k.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Writes Arrow IPC streams, the body of INSERT and RPC_TABLE requests.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class ArrowIpc {

	private ArrowIpc() {
	}

	/**
	 * Write one column of BIGINT values as an IPC stream.
	 * @param column the column name
	 * @param values the values
	 * @return the stream
	 */
	public static byte[] bigints(String column, long... values) {
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(bigint(column))), allocator)) {
			BigIntVector vector = (BigIntVector) root.getVector(0);
			vector.allocateNew(values.length);
			for (int i = 0; i < values.length; i++) {
				vector.set(i, values[i]);
			}
			vector.setValueCount(values.length);
			root.setRowCount(values.length);
			return stream(root);
		}
	}

	/**
	 * Write {@code rows} numbered rows {@code (i BIGINT, s VARCHAR)}, each
	 * {@code (n, 'n')}, as an IPC stream: the upload of the INSERT benchmarks.
	 * @param rows how many rows
	 * @return the stream
	 */
	public static byte[] numberedRows(int rows) {
		Schema schema = new Schema(
				List.of(bigint("i"), new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
			root.allocateNew();
			BigIntVector i = (BigIntVector) root.getVector(0);
			VarCharVector s = (VarCharVector) root.getVector(1);
			for (int r = 0; r < rows; r++) {
				i.setSafe(r, r);
				s.setSafe(r, Integer.toString(r).getBytes(StandardCharsets.US_ASCII));
			}
			root.setRowCount(rows);
			return stream(root);
		}
	}

	private static Field bigint(String name) {
		return new Field(name, FieldType.nullable(new ArrowType.Int(64, true)), null);
	}

	/**
	 * Write one batch as a complete IPC stream (schema, batch, end-of-stream).
	 * @param root the rows
	 * @return the stream
	 */
	public static byte[] stream(VectorSchemaRoot root) {
		return stream(root, null, true);
	}

	/**
	 * Write an IPC stream.
	 * @param root the rows
	 * @param dictionaries dictionaries of encoded columns, or {@code null}
	 * @param withBatch whether to write the batch (false writes a schema-only stream)
	 * @return the stream
	 */
	public static byte[] stream(VectorSchemaRoot root, @Nullable DictionaryProvider dictionaries, boolean withBatch) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ArrowStreamWriter writer = new ArrowStreamWriter(root, dictionaries, Channels.newChannel(out))) {
			writer.start();
			if (withBatch) {
				writer.writeBatch();
			}
			writer.end();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
