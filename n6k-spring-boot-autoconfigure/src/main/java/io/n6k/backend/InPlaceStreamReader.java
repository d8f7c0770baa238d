package io.n6k.backend;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.MetadataVersion;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.validate.MetadataV4UnionChecker;

/**
 * An Arrow IPC stream reader over an off-heap buffer that decodes record and dictionary
 * batches in place: their vectors are slices of the buffer (the buffer is wrapped as
 * Arrow memory, never copied), so an INSERT's rows reach DuckDB's Arrow scan straight
 * from the bytes the WebSocket message was joined into. The buffer stays reachable until
 * the last slice is released. It reads exactly what {@link ArrowStreamReader} reads.
 *
 * @author n6k
 */
final class InPlaceStreamReader extends ArrowStreamReader {

	private final ByteBuffer bytes;

	private final ArrowBuf memory;

	private final ReadChannel in;

	private final ArrowPayload.ByteBufferChannel channel;

	private boolean memoryReleased;

	/**
	 * Create a reader.
	 * @param bytes a direct buffer holding the whole stream, from position 0 to its limit
	 * @param allocator the allocator the wrapped memory and the vectors are accounted to
	 */
	InPlaceStreamReader(ByteBuffer bytes, BufferAllocator allocator) {
		// the superclass's own channel is never read: every method that would is
		// overridden
		super(new ByteArrayInputStream(new byte[0]), allocator);
		this.bytes = bytes;
		this.memory = allocator.wrapForeignAllocation(new HeldBuffer(bytes));
		this.channel = new ArrowPayload.ByteBufferChannel(bytes);
		this.in = new ReadChannel(this.channel);
	}

	/**
	 * Whether a buffer can be read in place: direct, with the stream starting on an
	 * 8-byte boundary, the alignment Arrow's IPC format gives every buffer relative to
	 * the stream.
	 * @param bytes the stream
	 * @return whether {@link InPlaceStreamReader} can read it
	 */
	static boolean canRead(ByteBuffer bytes) {
		return bytes.isDirect() && bytes.alignmentOffset(0, 8) == 0;
	}

	@Override
	protected Schema readSchema() throws IOException {
		MessageMetadataResult result = MessageSerializer.readMessage(this.in);
		if (result == null) {
			throw new IOException("Unexpected end of input. Missing schema.");
		}
		if (result.getMessage().headerType() != MessageHeader.Schema) {
			throw new IOException("Expected schema but header was " + result.getMessage().headerType());
		}
		Schema schema = MessageSerializer.deserializeSchema(result);
		MetadataV4UnionChecker.checkRead(schema, MetadataVersion.fromFlatbufID(result.getMessage().version()));
		skip(result.getMessageBodyLength());
		return schema;
	}

	@Override
	public boolean loadNextBatch() throws IOException {
		prepareLoadNextBatch();
		while (true) {
			MessageMetadataResult result = MessageSerializer.readMessage(this.in);
			if (result == null) {
				return false;
			}
			ArrowBuf body = body(result.getMessageBodyLength());
			byte type = result.getMessage().headerType();
			if (type == MessageHeader.RecordBatch) {
				ArrowRecordBatch batch = MessageSerializer.deserializeRecordBatch(result, body);
				loadRecordBatch(batch);
				return true;
			}
			if (type == MessageHeader.DictionaryBatch) {
				ArrowDictionaryBatch batch = MessageSerializer.deserializeDictionaryBatch(result, body);
				loadDictionary(batch);
				continue;
			}
			body.getReferenceManager().release();
			throw new IOException("Expected RecordBatch or DictionaryBatch but header was " + type);
		}
	}

	@Override
	public long bytesRead() {
		return this.channel.position();
	}

	@Override
	protected void closeReadSource() {
		if (!this.memoryReleased) {
			this.memoryReleased = true;
			this.memory.getReferenceManager().release();
		}
	}

	/**
	 * The next message body as a slice of the buffer, with a reference of its own (the
	 * deserializer releases it once the batch holds its buffers).
	 */
	private ArrowBuf body(long length) throws IOException {
		long offset = this.channel.position();
		if (offset + length > this.bytes.limit()) {
			throw new IOException("Unexpected end of input: message body of " + length + " bytes");
		}
		skip(length);
		ArrowBuf body = this.memory.slice(offset, length);
		body.getReferenceManager().retain();
		return body;
	}

	private void skip(long length) {
		this.channel.position(this.channel.position() + length);
	}

	/**
	 * The buffer as Arrow memory; holding the buffer keeps it from being freed while a
	 * slice is alive.
	 */
	private static final class HeldBuffer extends ForeignAllocation {

		@SuppressWarnings("unused")
		private final ByteBuffer held;

		HeldBuffer(ByteBuffer buffer) {
			super(buffer.limit(), MemoryUtil.getByteBufferAddress(buffer));
			this.held = buffer;
		}

		@Override
		protected void release0() {
			// the garbage collector frees the direct buffer once nothing references it
		}

	}

}
