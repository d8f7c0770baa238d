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

/**
 * Writes Arrow IPC messages straight behind a frame header, so each frame is built with a
 * single copy out of Arrow memory.
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
		if (offset == 0 && length == root.getRowCount()) {
			return unload(header, root);
		}
		try (VectorSchemaRoot slice = root.slice(offset, length)) {
			return unload(header, slice);
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

	private static ByteBuffer unload(byte[] header, VectorSchemaRoot root) throws IOException {
		try (ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch()) {
			long body = batch.computeBodyLength();
			FrameBuffer buffer = new FrameBuffer(header, (int) Math.min(Integer.MAX_VALUE - 64,
					body + 512 + 64L * batch.getNodes().size() + 32L * batch.getBuffers().size()));
			MessageSerializer.serialize(new WriteChannel(buffer), batch);
			return buffer.toByteBuffer();
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
