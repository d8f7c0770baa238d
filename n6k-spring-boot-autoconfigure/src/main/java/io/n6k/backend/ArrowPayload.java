package io.n6k.backend;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

import io.n6k.protocol.N6kException;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rows a client sent as an Arrow IPC stream (the body of INSERT and RPC_TABLE). The
 * stream is checked and its rows counted from the message headers alone, without decoding
 * any buffer; {@link #openReader} decodes it.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class ArrowPayload {

	private final ByteBuffer bytes;

	private final Schema schema;

	private final long rowCount;

	private ArrowPayload(ByteBuffer bytes, Schema schema, long rowCount) {
		this.bytes = bytes;
		this.schema = schema;
		this.rowCount = rowCount;
	}

	/**
	 * Read the schema and count the rows of an IPC stream.
	 * @param body the frame body, owned by the payload from now on (not copied)
	 * @param malformedMessage the InvalidInputException message when the stream cannot be
	 * read
	 * @return the payload
	 */
	public static ArrowPayload of(ByteBuffer body, String malformedMessage) {
		ByteBuffer bytes = body.slice();
		try (ByteBufferChannel channel = new ByteBufferChannel(bytes)) {
			ReadChannel in = new ReadChannel(channel);
			MessageMetadataResult first = MessageSerializer.readMessage(in);
			if (first == null || first.getMessage().headerType() != MessageHeader.Schema) {
				throw N6kException.invalidInput(malformedMessage);
			}
			Schema schema = MessageSerializer.deserializeSchema(first.getMessage());
			channel.position(channel.position() + first.getMessageBodyLength());
			long rows = 0;
			MessageMetadataResult next;
			while ((next = MessageSerializer.readMessage(in)) != null) {
				if (next.getMessage().headerType() == MessageHeader.RecordBatch) {
					RecordBatch batch = (RecordBatch) next.getMessage().header(new RecordBatch());
					rows += batch.length();
				}
				long end = channel.position() + next.getMessageBodyLength();
				if (end > bytes.remaining()) {
					throw N6kException.invalidInput(malformedMessage);
				}
				channel.position(end);
			}
			return new ArrowPayload(bytes, schema, rows);
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof N6kException n6k) {
				throw n6k;
			}
			throw N6kException.invalidInput(malformedMessage);
		}
	}

	/**
	 * Return the payload's Arrow schema.
	 * @return the schema
	 */
	public Schema schema() {
		return this.schema;
	}

	/**
	 * Return the number of rows across all record batches of the payload.
	 * @return the row count
	 */
	public long rowCount() {
		return this.rowCount;
	}

	/**
	 * Return the raw IPC bytes.
	 * @return a read-only view of the bytes
	 */
	public ByteBuffer bytes() {
		return this.bytes.asReadOnlyBuffer();
	}

	/**
	 * Open a reader that decodes the payload; dictionary-encoded columns stay encoded and
	 * the reader provides their dictionaries. A payload in off-heap memory (a large
	 * message, joined off-heap by the server) is decoded in place: the batches' vectors
	 * are slices of it, not copies.
	 * @param allocator allocator for the decoded buffers
	 * @return a new reader, to be closed by the caller
	 */
	public ArrowStreamReader openReader(BufferAllocator allocator) {
		if (InPlaceStreamReader.canRead(this.bytes)) {
			return new InPlaceStreamReader(this.bytes, allocator);
		}
		return new ArrowStreamReader(new ByteBufferChannel(this.bytes), allocator);
	}

	/**
	 * A read-only seekable channel over a buffer, without copying it.
	 */
	static final class ByteBufferChannel implements SeekableByteChannel {

		private final ByteBuffer buffer;

		ByteBufferChannel(ByteBuffer source) {
			this.buffer = source.duplicate();
			this.buffer.position(0);
		}

		@Override
		public int read(ByteBuffer destination) {
			if (!this.buffer.hasRemaining()) {
				return -1;
			}
			int length = Math.min(destination.remaining(), this.buffer.remaining());
			ByteBuffer part = this.buffer.slice();
			part.limit(length);
			destination.put(part);
			this.buffer.position(this.buffer.position() + length);
			return length;
		}

		@Override
		public int write(ByteBuffer source) {
			throw new UnsupportedOperationException("read-only");
		}

		@Override
		public long position() {
			return this.buffer.position();
		}

		@Override
		public SeekableByteChannel position(long newPosition) {
			this.buffer.position((int) Math.min(newPosition, this.buffer.limit()));
			return this;
		}

		@Override
		public long size() {
			return this.buffer.limit();
		}

		@Override
		public SeekableByteChannel truncate(long size) {
			throw new UnsupportedOperationException("read-only");
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public void close() {
		}

	}

}
