package io.n6k.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import io.n6k.protocol.FrameEncoder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ArrowFrames}: a chunk built in a pooled direct buffer carries exactly
 * the bytes of the same chunk built on the heap.
 *
 * @author n6k
 */
class ArrowFramesTests {

	private final BufferAllocator allocator = new RootAllocator();

	private final byte[] header = FrameEncoder.arrowChunkHeader(7, 0);

	@AfterEach
	void close() {
		this.allocator.close();
	}

	@Test
	void aLargeChunkInADirectBufferHasTheBytesOfTheHeapChunk() throws IOException {
		try (VectorSchemaRoot root = rows(30_000)) {
			FrameBuffers buffers = new FrameBuffers(4);
			ByteBuffer heap = ArrowFrames.batch(this.header, root, 0, 30_000);
			ByteBuffer direct = ArrowFrames.batch(this.header, root, 0, 30_000, buffers);
			assertThat(heap.isDirect()).isFalse();
			assertThat(direct.isDirect()).isTrue();
			assertThat(heap.remaining()).isGreaterThan(FrameBuffers.DIRECT_THRESHOLD);
			assertThat(bytes(direct)).isEqualTo(bytes(heap));
			assertThat(buffers.allocated()).isOne();
		}
	}

	@Test
	void aReusedBufferCarriesOnlyTheNewChunk() throws IOException {
		try (VectorSchemaRoot large = rows(30_000); VectorSchemaRoot smaller = rows(20_000)) {
			FrameBuffers buffers = new FrameBuffers(4);
			ByteBuffer first = ArrowFrames.batch(this.header, large, 0, 30_000, buffers);
			buffers.release(first);
			ByteBuffer second = ArrowFrames.batch(this.header, smaller, 0, 20_000, buffers);
			assertThat(second).isSameAs(first);
			assertThat(bytes(second)).isEqualTo(bytes(ArrowFrames.batch(this.header, smaller, 0, 20_000)));
		}
	}

	@Test
	void aSliceOfABatchInADirectBufferHasTheBytesOfTheHeapSlice() throws IOException {
		try (VectorSchemaRoot root = rows(60_000)) {
			ByteBuffer heap = ArrowFrames.batch(this.header, root, 10_000, 30_000);
			ByteBuffer direct = ArrowFrames.batch(this.header, root, 10_000, 30_000, new FrameBuffers(4));
			assertThat(direct.isDirect()).isTrue();
			assertThat(bytes(direct)).isEqualTo(bytes(heap));
		}
	}

	@Test
	void aSmallChunkStaysOnTheHeap() throws IOException {
		try (VectorSchemaRoot root = rows(100)) {
			FrameBuffers buffers = new FrameBuffers(4);
			ByteBuffer frame = ArrowFrames.batch(this.header, root, 0, 100, buffers);
			assertThat(frame.isDirect()).isFalse();
			assertThat(bytes(frame)).isEqualTo(bytes(ArrowFrames.batch(this.header, root, 0, 100)));
			assertThat(buffers.allocated()).isZero();
		}
	}

	private VectorSchemaRoot rows(int count) {
		BigIntVector ids = new BigIntVector("id", this.allocator);
		VarCharVector names = new VarCharVector("s", this.allocator);
		ids.allocateNew(count);
		names.allocateNew(count);
		for (int i = 0; i < count; i++) {
			ids.set(i, i * 31L);
			if (i % 7 == 0) {
				names.setNull(i);
			}
			else {
				names.setSafe(i, ("s_" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
			}
		}
		ids.setValueCount(count);
		names.setValueCount(count);
		return new VectorSchemaRoot(List.of(ids, names));
	}

	private static byte[] bytes(ByteBuffer frame) {
		byte[] bytes = new byte[frame.remaining()];
		frame.duplicate().get(bytes);
		return bytes;
	}

}
