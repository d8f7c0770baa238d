package io.n6k.server;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * Joins the parts of one binary WebSocket message into a buffer the connection owns.
 * Clients fragment large messages (the DuckDB extension sends 32 KiB fragments), and
 * joining them here, with a buffer that doubles, keeps a 100 MB upload linear. The
 * container may reuse the buffers it hands out, so even a single-part message is copied.
 * <p>
 * Small messages are copied to the heap. Large ones (an INSERT or RPC_TABLE body) are
 * joined off-heap, placed so that the frame body after the msgpack header starts on a
 * 64-byte boundary: the Arrow IPC stream in the body is then read in place, its record
 * batches handed to DuckDB as slices of this buffer, without another copy.
 *
 * @author n6k
 */
final class MessageAssembler {

	/**
	 * Messages of at least this many bytes, and all multi-part ones, are joined off-heap.
	 */
	static final int DIRECT_THRESHOLD = 64 * 1024;

	/** Alignment of the frame body of an off-heap message (Arrow's recommended one). */
	static final int ALIGNMENT = 64;

	/** Largest message an aligned buffer holds (its padding and slack fit in an int). */
	static final int MAX_CAPACITY = Integer.MAX_VALUE - 8 - 3 * ALIGNMENT;

	/** Longest header whose length aligns the body; longer ones are left unaligned. */
	private static final int HEADER_PEEK = 4096;

	private final long limit;

	/** Aligned direct buffer; the message's first byte is at {@link #start}. */
	private @Nullable ByteBuffer buffer;

	private int start;

	private int size;

	MessageAssembler(long limit) {
		this.limit = limit;
	}

	/**
	 * Add a part.
	 * @param part the part's bytes
	 * @param last whether it ends the message
	 * @return the whole message when {@code last}, else {@code null}
	 * @throws MessageTooBigException when the message exceeds the limit
	 */
	@Nullable ByteBuffer add(ByteBuffer part, boolean last) throws MessageTooBigException {
		int length = part.remaining();
		if ((long) this.size + length > this.limit) {
			this.buffer = null;
			this.size = 0;
			throw new MessageTooBigException();
		}
		ByteBuffer target = this.buffer;
		if (target == null && last && length < DIRECT_THRESHOLD) {
			byte[] whole = new byte[length];
			part.get(whole);
			return ByteBuffer.wrap(whole);
		}
		if (target == null) {
			this.start = bodyPadding(part);
			long capacity = last ? length : Math.max(DIRECT_THRESHOLD, 4L * length);
			target = aligned(this.start, (int) Math.min(Math.min(this.limit, capacity), MAX_CAPACITY));
		}
		else if (this.size + length > target.capacity() - this.start) {
			long grown = Math.max((long) this.size + length, 2L * (target.capacity() - this.start));
			ByteBuffer larger = aligned(this.start, (int) Math.min(Math.min(grown, this.limit), MAX_CAPACITY));
			larger.put(this.start, target, this.start, this.size);
			target = larger;
		}
		target.put(this.start + this.size, part, part.position(), length);
		part.position(part.limit());
		this.size += length;
		if (!last) {
			this.buffer = target;
			return null;
		}
		ByteBuffer whole = target.slice(this.start, this.size);
		this.buffer = null;
		this.size = 0;
		return whole;
	}

	/**
	 * A direct buffer whose byte {@code start} lies {@code start} bytes past a 64-byte
	 * boundary, with room for {@code capacity} bytes from there.
	 */
	private static ByteBuffer aligned(int start, int capacity) {
		ByteBuffer raw = ByteBuffer.allocateDirect(start + capacity + 2 * ALIGNMENT);
		return raw.alignedSlice(ALIGNMENT);
	}

	/**
	 * The padding that puts the frame body (what follows the msgpack header) of the
	 * message starting with this part on an alignment boundary; 0 when the part does not
	 * hold a whole header (the frame decoder then reports it).
	 */
	private static int bodyPadding(ByteBuffer part) {
		// a heap copy of the start: msgpack cannot read a direct buffer without
		// --add-opens
		byte[] start = new byte[Math.min(part.remaining(), HEADER_PEEK)];
		part.get(part.position(), start);
		try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(start)) {
			unpacker.skipValue();
			long header = unpacker.getTotalReadBytes();
			return (int) ((ALIGNMENT - header % ALIGNMENT) % ALIGNMENT);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * Thrown when a message grows past the limit.
	 */
	static final class MessageTooBigException extends Exception {

		MessageTooBigException() {
			super(null, null, false, false);
		}

	}

}
