package io.n6k.client;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.jspecify.annotations.Nullable;

/**
 * Receives one streaming request's frames on the socket's reading thread and decodes its
 * record batches in place: a chunk's bytes go from the socket straight into one reused
 * off-heap buffer, and the vectors are slices of that buffer (no copy into Java arrays,
 * no concatenation of chunks). Each data chunk is credited as soon as it starts to
 * arrive, so the server always has its window of chunks in flight.
 *
 * @author n6k
 */
final class ArrowStream {

	private final BufferAllocator allocator;

	private final Consumer<VectorSchemaRoot> consumer;

	private final Runnable credit;

	final CompletableFuture<ArrowStreamResult> done = new CompletableFuture<>();

	private @Nullable ArrowBuf buffer;

	private long length;

	private @Nullable VectorSchemaRoot root;

	private @Nullable VectorLoader loader;

	private long rows;

	private long batches;

	private long bytes;

	ArrowStream(BufferAllocator allocator, Consumer<VectorSchemaRoot> consumer, Runnable credit) {
		this.allocator = allocator;
		this.consumer = consumer;
		this.credit = credit;
	}

	/** A chunk with Arrow data starts: credit it now, before it has been read. */
	void beginChunk(boolean credited) {
		if (credited) {
			this.credit.run();
		}
		this.length = 0;
	}

	/** Append the next part of the current chunk's body. */
	void append(ByteBuffer part) {
		int n = part.remaining();
		ArrowBuf target = ensure(this.length + n);
		target.setBytes(this.length, part);
		this.length += n;
		this.bytes += n;
	}

	/** The current chunk is complete: decode every IPC message in it. */
	void endChunk() {
		ArrowBuf source = this.buffer;
		long offset = 0;
		while (source != null && offset + 8 <= this.length) {
			int first = source.getInt(offset);
			int metadataLength;
			if (first == -1) {
				metadataLength = source.getInt(offset + 4);
				offset += 8;
			}
			else {
				metadataLength = first;
				offset += 4;
			}
			if (metadataLength == 0) {
				return; // end-of-stream marker
			}
			ByteBuffer metadata = source.nioBuffer(offset, metadataLength).order(ByteOrder.LITTLE_ENDIAN);
			Message message = Message.getRootAsMessage(metadata);
			offset += metadataLength;
			long bodyLength = message.bodyLength();
			if (message.headerType() == MessageHeader.Schema) {
				schema(message);
			}
			else if (message.headerType() == MessageHeader.RecordBatch) {
				load(message, source.slice(offset, bodyLength));
			}
			offset += bodyLength;
		}
	}

	/** Decode the schema of a {@code RESP_SCHEMA} body. */
	void schemaFrame(ByteBuffer body) {
		if (body.hasRemaining()) {
			beginChunk(false);
			append(body);
			endChunk();
		}
	}

	void finish(ReceivedFrame terminal) {
		close();
		this.done.complete(new ArrowStreamResult(terminal, this.rows, this.batches, this.bytes));
	}

	void fail(Throwable error) {
		close();
		this.done.completeExceptionally(error);
	}

	private void schema(Message message) {
		if (this.root != null) {
			return;
		}
		VectorSchemaRoot created = VectorSchemaRoot.create(MessageSerializer.deserializeSchema(message),
				this.allocator);
		this.root = created;
		this.loader = new VectorLoader(created);
	}

	private void load(Message message, ArrowBuf body) {
		VectorSchemaRoot target = this.root;
		VectorLoader vectorLoader = this.loader;
		if (target == null || vectorLoader == null) {
			throw new IllegalStateException("record batch before the schema");
		}
		// deserializeRecordBatch releases one reference to the body, which is ours to
		// keep
		body.getReferenceManager().retain();
		try (ArrowRecordBatch batch = MessageSerializer.deserializeRecordBatch(message, body)) {
			vectorLoader.load(batch);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("bad record batch: " + ex.getMessage(), ex);
		}
		this.rows += target.getRowCount();
		this.batches++;
		this.consumer.accept(target);
	}

	private ArrowBuf ensure(long capacity) {
		ArrowBuf current = this.buffer;
		if (current != null && current.capacity() >= capacity) {
			return current;
		}
		long size = Math.max(capacity, (current != null) ? current.capacity() * 2 : 64 * 1024);
		ArrowBuf grown = this.allocator.buffer(size);
		if (current != null) {
			grown.setBytes(0, current, 0, this.length);
			// vectors loaded from the old buffer keep their own references to it
			current.close();
		}
		this.buffer = grown;
		return grown;
	}

	private void close() {
		VectorSchemaRoot vectors = this.root;
		ArrowBuf bytes = this.buffer;
		this.root = null;
		this.loader = null;
		this.buffer = null;
		if (vectors != null) {
			vectors.close();
		}
		if (bytes != null) {
			bytes.close();
		}
	}

}
