package io.n6k.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.apache.arrow.vector.util.JsonStringArrayList;
import org.apache.arrow.vector.util.JsonStringHashMap;
import org.apache.arrow.vector.util.Text;
import org.jspecify.annotations.Nullable;

/**
 * A decoded Arrow result: the schema and the rows as Java values (strings as
 * {@link String}, lists as {@link List}, structs as maps, others as Arrow Java returns
 * them), plus the number of record batches.
 *
 * @param schema the schema
 * @param rows the rows
 * @param batches number of record batches
 * @author n6k
 * @since 0.1.0
 */
public record ArrowData(Schema schema, List<List<@Nullable Object>> rows, int batches) {

	/**
	 * Decode an IPC stream (schema message, batches, optional EOS).
	 * @param stream the concatenated bodies
	 * @return the data
	 */
	public static ArrowData decode(byte[] stream) {
		return decode(new ByteArrayReadableSeekableByteChannel(stream));
	}

	private static ArrowData decode(ReadableByteChannel stream) {
		try (BufferAllocator allocator = new RootAllocator();
				ArrowStreamReader reader = new ArrowStreamReader(stream, allocator)) {
			VectorSchemaRoot root = reader.getVectorSchemaRoot();
			List<List<@Nullable Object>> rows = new ArrayList<>();
			int batches = 0;
			while (reader.loadNextBatch()) {
				batches++;
				for (int row = 0; row < root.getRowCount(); row++) {
					List<@Nullable Object> values = new ArrayList<>();
					for (FieldVector vector : root.getFieldVectors()) {
						values.add(plain(vector.getObject(row)));
					}
					rows.add(Collections.unmodifiableList(values));
				}
			}
			return new ArrowData(root.getSchema(), rows, batches);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Decode the Arrow bodies of a streaming response.
	 * @param frames RESP_SCHEMA and RESP_CHUNK frames, in order
	 * @return the data
	 */
	public static ArrowData decode(List<ReceivedFrame> frames) {
		// read the bodies where they are rather than joined into one array
		Iterator<ReceivedFrame> bodies = frames.iterator();
		ByteBuffer[] current = { ByteBuffer.allocate(0) };
		return decode(new ReadableByteChannel() {

			@Override
			public int read(ByteBuffer target) {
				while (!current[0].hasRemaining()) {
					if (!bodies.hasNext()) {
						return -1;
					}
					current[0] = ByteBuffer.wrap(bodies.next().body());
				}
				int n = Math.min(target.remaining(), current[0].remaining());
				target.put(current[0].slice().limit(n));
				current[0].position(current[0].position() + n);
				return n;
			}

			@Override
			public boolean isOpen() {
				return true;
			}

			@Override
			public void close() {
			}

		});
	}

	/**
	 * Return the column names.
	 * @return the names
	 */
	public List<String> columnNames() {
		return this.schema.getFields().stream().map((field) -> field.getName()).toList();
	}

	private static @Nullable Object plain(@Nullable Object value) {
		if (value instanceof Text text) {
			return text.toString();
		}
		if (value instanceof JsonStringArrayList<?> list) {
			List<@Nullable Object> copy = new ArrayList<>();
			list.forEach((element) -> copy.add(plain(element)));
			return copy;
		}
		if (value instanceof JsonStringHashMap<?, ?> map) {
			java.util.Map<String, @Nullable Object> copy = new java.util.LinkedHashMap<>();
			map.forEach((key, element) -> copy.put(String.valueOf(key), plain(element)));
			return copy;
		}
		return value;
	}

}
