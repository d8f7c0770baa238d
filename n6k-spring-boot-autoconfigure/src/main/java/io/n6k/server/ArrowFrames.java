package io.n6k.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

import io.n6k.protocol.Protocol;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Writes Arrow IPC messages straight behind a frame header, so each frame is built with a
 * single copy out of Arrow memory; large frames go into reused direct buffers
 * ({@link FrameBuffers}), which the container writes to the socket without another copy.
 *
 * @author n6k
 */
final class ArrowFrames {

	private ArrowFrames() {
	}

	/**
	 * Build a frame whose body is the IPC schema message.
	 * @param header the frame header
	 * @param schema the schema
	 * @return the frame
	 * @throws IOException on serialisation failure
	 */
	static ByteBuffer schema(byte[] header, Schema schema) throws IOException {
		FrameBuffer buffer = new FrameBuffer(header, 1024);
		MessageSerializer.serialize(new WriteChannel(buffer), schema);
		return buffer.toByteBuffer();
	}

	/**
	 * Build a frame whose body is one IPC record batch message holding {@code length}
	 * rows of {@code root} from {@code offset}.
	 * @param header the frame header
	 * @param root the batch
	 * @param offset first row
	 * @param length number of rows
	 * @return the frame
	 * @throws IOException on serialisation failure
	 */
	static ByteBuffer batch(byte[] header, VectorSchemaRoot root, int offset, int length) throws IOException {
		return batch(header, root, offset, length, null);
	}

	/**
	 * Build a frame as {@link #batch(byte[], VectorSchemaRoot, int, int)} does; a frame
	 * of at least {@link FrameBuffers#DIRECT_THRESHOLD} bytes is written into a direct
	 * buffer from {@code buffers}, to be given back once it has been sent.
	 * @param header the frame header
	 * @param root the batch
	 * @param offset first row
	 * @param length number of rows
	 * @param buffers where large frames go, or {@code null} for the heap
	 * @return the frame: a direct buffer from {@code buffers}, or a heap buffer
	 * @throws IOException on serialisation failure
	 */
	static ByteBuffer batch(byte[] header, VectorSchemaRoot root, int offset, int length,
			@Nullable FrameBuffers buffers) throws IOException {
		if (offset == 0 && length == root.getRowCount()) {
			return unload(header, root, buffers);
		}
		try (VectorSchemaRoot slice = root.slice(offset, length)) {
			return unload(header, slice, buffers);
		}
	}

	/**
	 * Build the uncredited chunk that ends a stream: the IPC end-of-stream marker.
	 * @param header the Arrow chunk header
	 * @return the frame
	 */
	static byte[] endOfStream(byte[] header) {
		byte[] frame = Arrays.copyOf(header, header.length + Protocol.ARROW_EOS.length);
		System.arraycopy(Protocol.ARROW_EOS, 0, frame, header.length, Protocol.ARROW_EOS.length);
		return frame;
	}

	private static ByteBuffer unload(byte[] header, VectorSchemaRoot root, @Nullable FrameBuffers buffers)
			throws IOException {
		try (ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch()) {
			// the body plus a generous bound for the flatbuffer metadata, so that neither
			// buffer has to grow
			int expected = (int) Math.min(Integer.MAX_VALUE - 64,
					batch.computeBodyLength() + 512 + 64L * batch.getNodes().size() + 32L * batch.getBuffers().size());
			if (buffers != null && header.length + expected >= FrameBuffers.DIRECT_THRESHOLD) {
				DirectFrame frame = new DirectFrame(buffers, header, expected);
				MessageSerializer.serialize(new WriteChannel(frame), batch);
				return frame.toByteBuffer();
			}
			FrameBuffer buffer = new FrameBuffer(header, expected);
			MessageSerializer.serialize(new WriteChannel(buffer), batch);
			return buffer.toByteBuffer();
		}
	}

	/**
	 * A direct buffer from a {@link FrameBuffers} pool that starts with the frame header;
	 * Arrow copies its buffers straight into it.
	 */
	private static final class DirectFrame implements WritableByteChannel {

		private final FrameBuffers buffers;

		private ByteBuffer buffer;

		DirectFrame(FrameBuffers buffers, byte[] header, int expectedBody) {
			this.buffers = buffers;
			this.buffer = buffers.acquire(header.length + expectedBody);
			this.buffer.put(header);
		}

		@Override
		public int write(ByteBuffer source) {
			int length = source.remaining();
			if (length > this.buffer.remaining()) {
				ByteBuffer larger = this.buffers.acquire((int) Math.min(Integer.MAX_VALUE - 64,
						Math.max(2L * this.buffer.capacity(), (long) this.buffer.position() + length)));
				this.buffer.flip();
				larger.put(this.buffer);
				this.buffers.release(this.buffer);
				this.buffer = larger;
			}
			this.buffer.put(source);
			return length;
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public void close() {
		}

		ByteBuffer toByteBuffer() {
			return this.buffer.flip();
		}

	}

	/**
	 * A growable byte array that starts with the frame header; Arrow writes into it
	 * directly from its buffers.
	 */
	private static final class FrameBuffer implements WritableByteChannel {

		private byte[] bytes;

		private int size;

		FrameBuffer(byte[] header, int expectedBody) {
			this.bytes = new byte[header.length + Math.max(expectedBody, 64)];
			System.arraycopy(header, 0, this.bytes, 0, header.length);
			this.size = header.length;
		}

		@Override
		public int write(ByteBuffer source) {
			int length = source.remaining();
			if (this.size + length > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.size + length));
			}
			source.get(this.bytes, this.size, length);
			this.size += length;
			return length;
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public void close() {
		}

		ByteBuffer toByteBuffer() {
			return ByteBuffer.wrap(this.bytes, 0, this.size);
		}

	}

}
