package io.n6k.backend;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.n6k.protocol.N6kException;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;

/**
 * Rows a client sent as an Arrow IPC stream (the body of INSERT and RPC_TABLE). The
 * stream is checked and its rows counted from the message headers alone, without
 * decoding any buffer; {@link #openReader} decodes it.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class ArrowPayload {

	private final byte[] bytes;

	private final Schema schema;

	private final long rowCount;

	private ArrowPayload(byte[] bytes, Schema schema, long rowCount) {
		this.bytes = bytes;
		this.schema = schema;
		this.rowCount = rowCount;
	}

	/**
	 * Read the schema and count the rows of an IPC stream.
	 * @param body the frame body
	 * @param malformedMessage the InvalidInputException message when the stream cannot be read
	 * @return the payload
	 */
	public static ArrowPayload of(ByteBuffer body, String malformedMessage) {
		byte[] bytes = new byte[body.remaining()];
		body.duplicate().get(bytes);
		try (ByteArrayReadableSeekableByteChannel channel = new ByteArrayReadableSeekableByteChannel(bytes)) {
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
				if (end > bytes.length) {
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
	 * @return the bytes (not copied)
	 */
	public byte[] bytes() {
		return this.bytes;
	}

	/**
	 * Open a reader that decodes the payload; dictionary-encoded columns stay encoded
	 * and the reader provides their dictionaries.
	 * @param allocator allocator for the decoded buffers
	 * @return a new reader, to be closed by the caller
	 */
	public ArrowStreamReader openReader(BufferAllocator allocator) {
		return new ArrowStreamReader(new ByteArrayReadableSeekableByteChannel(this.bytes), allocator);
	}

}
