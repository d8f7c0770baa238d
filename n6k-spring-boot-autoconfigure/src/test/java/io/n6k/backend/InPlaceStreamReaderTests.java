package io.n6k.backend;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InPlaceStreamReader} through {@link ArrowPayload#openReader}.
 *
 * @author n6k
 */
class InPlaceStreamReaderTests {

	private static final String MALFORMED = "malformed";

	@Test
	void anOffHeapPayloadIsReadInPlace() throws IOException {
		byte[] stream = stream(3, 1000);
		ByteBuffer direct = aligned(stream);
		long start = MemoryUtil.getByteBufferAddress(direct);
		try (BufferAllocator allocator = new RootAllocator();
				ArrowStreamReader reader = ArrowPayload.of(direct, MALFORMED).openReader(allocator)) {
			assertThat(reader).isInstanceOf(InPlaceStreamReader.class);
			assertThat(reader.loadNextBatch()).isTrue();
			for (FieldVector vector : reader.getVectorSchemaRoot().getFieldVectors()) {
				long address = vector.getDataBuffer().memoryAddress();
				assertThat(address).as(vector.getName()).isBetween(start, start + stream.length);
			}
		}
	}

	@Test
	void inPlaceReadingDecodesWhatTheStreamReaderDecodes() throws IOException {
		byte[] stream = stream(4, 777);
		try (BufferAllocator allocator = new RootAllocator()) {
			List<List<Object>> expected = decode(new ArrowStreamReader(new ByteArrayInputStream(stream), allocator));
			try (ArrowStreamReader reader = ArrowPayload.of(aligned(stream), MALFORMED).openReader(allocator)) {
				assertThat(reader).isInstanceOf(InPlaceStreamReader.class);
				assertThat(decode(reader)).isEqualTo(expected).hasSize(4 * 777);
			}
			assertThat(allocator.getAllocatedMemory()).isZero();
		}
	}

	@Test
	void batchesOutliveTheReaderUntilReleased() throws IOException {
		byte[] stream = stream(2, 10);
		try (BufferAllocator allocator = new RootAllocator()) {
			ArrowStreamReader reader = ArrowPayload.of(aligned(stream), MALFORMED).openReader(allocator);
			reader.loadNextBatch();
			VectorSchemaRoot root = reader.getVectorSchemaRoot();
			try (VectorSchemaRoot kept = VectorSchemaRoot.create(root.getSchema(), allocator)) {
				// what the C Data export does: the batch's buffers move to a consumer
				for (int i = 0; i < root.getFieldVectors().size(); i++) {
					root.getVector(i).makeTransferPair(kept.getVector(i)).transfer();
				}
				kept.setRowCount(root.getRowCount());
				reader.close();
				assertThat(allocator.getAllocatedMemory()).isPositive();
				assertThat(((BigIntVector) kept.getVector("id")).get(9)).isEqualTo(9L);
			}
			assertThat(allocator.getAllocatedMemory()).isZero();
		}
	}

	@Test
	void heapAndMisalignedPayloadsAreCopiedAsBefore() throws IOException {
		byte[] stream = stream(2, 50);
		ByteBuffer misaligned = ByteBuffer.allocateDirect(stream.length + 128).alignedSlice(64);
		misaligned.position(3);
		misaligned.put(stream);
		misaligned.position(3);
		try (BufferAllocator allocator = new RootAllocator()) {
			for (ByteBuffer bytes : List.of(ByteBuffer.wrap(stream), misaligned.slice())) {
				try (ArrowStreamReader reader = ArrowPayload.of(bytes, MALFORMED).openReader(allocator)) {
					assertThat(reader).isNotInstanceOf(InPlaceStreamReader.class);
					assertThat(decode(reader)).hasSize(100);
				}
			}
		}
	}

	private static List<List<Object>> decode(ArrowStreamReader reader) throws IOException {
		List<List<Object>> rows = new ArrayList<>();
		try (reader) {
			while (reader.loadNextBatch()) {
				VectorSchemaRoot root = reader.getVectorSchemaRoot();
				for (int r = 0; r < root.getRowCount(); r++) {
					List<Object> row = new ArrayList<>();
					for (FieldVector vector : root.getFieldVectors()) {
						Object value = vector.getObject(r);
						DictionaryEncoding encoding = vector.getField().getDictionary();
						if (encoding != null && value != null) {
							value = reader.lookup(encoding.getId()).getVector().getObject(((Number) value).intValue());
						}
						row.add(String.valueOf(value));
					}
					rows.add(row);
				}
			}
		}
		return rows;
	}

	/**
	 * {@code batches} batches of (id BIGINT, name VARCHAR, colour dictionary VARCHAR).
	 */
	private static byte[] stream(int batches, int rows) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (BufferAllocator allocator = new RootAllocator();
				VarCharVector colours = new VarCharVector("colours", allocator);
				BigIntVector id = new BigIntVector("id", allocator);
				VarCharVector name = new VarCharVector("name", allocator);
				VarCharVector colour = new VarCharVector("colour", allocator)) {
			colours.allocateNew();
			colours.setSafe(0, "red".getBytes(StandardCharsets.UTF_8));
			colours.setSafe(1, "green".getBytes(StandardCharsets.UTF_8));
			colours.setValueCount(2);
			Dictionary dictionary = new Dictionary(colours, new DictionaryEncoding(3, false, null));
			DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider(
					dictionary);
			id.allocateNew(rows);
			name.allocateNew();
			colour.allocateNew();
			try (ValueVector encoded = fill(id, name, colour, dictionary, 0, rows);
					VectorSchemaRoot root = new VectorSchemaRoot(
							List.of(id.getField(), name.getField(), encoded.getField()),
							List.of(id, name, (FieldVector) encoded), rows);
					ArrowStreamWriter writer = new ArrowStreamWriter(root, provider, Channels.newChannel(out))) {
				writer.start();
				for (int b = 0; b < batches; b++) {
					if (b > 0) {
						try (ValueVector next = fill(id, name, colour, dictionary, b * rows, rows)) {
							next.makeTransferPair(encoded).transfer();
						}
					}
					root.setRowCount(rows);
					writer.writeBatch();
				}
				writer.end();
			}
		}
		return out.toByteArray();
	}

	private static ValueVector fill(BigIntVector id, VarCharVector name, VarCharVector colour, Dictionary dictionary,
			int first, int rows) {
		for (int r = 0; r < rows; r++) {
			int row = first + r;
			id.setSafe(r, row);
			if (row % 13 == 0) {
				name.setNull(r);
			}
			else {
				name.setSafe(r, ("name " + row).getBytes(StandardCharsets.UTF_8));
			}
			colour.setSafe(r, ((row % 3 == 0) ? "red" : "green").getBytes(StandardCharsets.UTF_8));
		}
		id.setValueCount(rows);
		name.setValueCount(rows);
		colour.setValueCount(rows);
		return DictionaryEncoder.encode(colour, dictionary);
	}

	private static ByteBuffer aligned(byte[] stream) {
		ByteBuffer direct = ByteBuffer.allocateDirect(stream.length + 128).alignedSlice(64);
		direct.put(stream);
		direct.flip();
		return direct.slice();
	}

}
