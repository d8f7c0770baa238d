package io.n6k.server;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Joins the parts of one binary WebSocket message into a buffer the connection owns.
 * Clients fragment large messages (the DuckDB extension sends 32 KiB fragments), and
 * joining them here, with a buffer that doubles, keeps a 100 MB upload linear. The
 * container may reuse the buffers it hands out, so even a single-part message is copied.
 *
 * @author n6k
 */
final class MessageAssembler {

	private final long limit;

	private byte @Nullable [] buffer;

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
		if (this.buffer == null && last) {
			byte[] whole = new byte[length];
			part.get(whole);
			return ByteBuffer.wrap(whole);
		}
		if (this.buffer == null) {
			this.buffer = new byte[(int) Math.min(this.limit, Math.max(64 * 1024, 4L * length))];
		}
		else if (this.size + length > this.buffer.length) {
			long grown = Math.max((long) this.size + length, 2L * this.buffer.length);
			this.buffer = Arrays.copyOf(this.buffer,
					(int) Math.min(Math.min(grown, this.limit), Integer.MAX_VALUE - 8));
		}
		part.get(this.buffer, this.size, length);
		this.size += length;
		if (!last) {
			return null;
		}
		ByteBuffer whole = ByteBuffer.wrap(this.buffer, 0, this.size);
		this.buffer = null;
		this.size = 0;
		return whole;
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
