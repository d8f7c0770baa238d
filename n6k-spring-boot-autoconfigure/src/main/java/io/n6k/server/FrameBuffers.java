package io.n6k.server;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers for the large frames of the server's streams, reused from frame to frame
 * and from stream to stream. A frame serialised into a direct buffer reaches the socket
 * with no further copy in the JVM (the JDK copies a heap buffer into a temporary direct
 * one before every socket write), and the heap is spared a megabyte-sized array per
 * batch. The writer gives a buffer back once the container has sent its frame, or when it
 * was never handed to the container; a buffer whose send failed comes back only once its
 * socket has closed, since the container may still hold it until then. A buffer the pool
 * has no room for is left to the garbage collector.
 *
 * @author n6k
 */
final class FrameBuffers {

	/** Buffers kept by a server's pool: the chunks of a few busy streams in flight. */
	static final int DEFAULT_MAX_KEPT = 32;

	/** Frames expected to be smaller than this stay on the heap. */
	static final int DIRECT_THRESHOLD = 256 * 1024;

	/** Capacities are rounded up to this, so batches of varying size share buffers. */
	private static final int GRANULE = 64 * 1024;

	private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();

	private final AtomicInteger kept = new AtomicInteger();

	private final int maxKept;

	private final AtomicInteger allocated = new AtomicInteger();

	/**
	 * Create an empty pool.
	 * @param maxKept buffers kept for reuse at most; more than the frames a stream has in
	 * flight is never needed
	 */
	FrameBuffers(int maxKept) {
		this.maxKept = maxKept;
	}

	/**
	 * Take a cleared buffer of at least {@code capacity} bytes.
	 * @param capacity bytes needed
	 * @return a buffer, positioned at zero, limit at its capacity
	 */
	ByteBuffer acquire(int capacity) {
		ByteBuffer buffer;
		while ((buffer = this.free.poll()) != null) {
			this.kept.decrementAndGet();
			if (buffer.capacity() >= capacity) {
				return buffer.clear();
			}
			// too small for this frame: let it go, a larger one takes its place
		}
		this.allocated.incrementAndGet();
		int rounded = (int) Math.min(Integer.MAX_VALUE - 8, ((long) capacity + GRANULE - 1) / GRANULE * GRANULE);
		return ByteBuffer.allocateDirect(rounded);
	}

	/**
	 * Give back a buffer whose frame has been written.
	 * @param buffer a buffer from {@link #acquire}
	 */
	void release(ByteBuffer buffer) {
		if (this.kept.incrementAndGet() <= this.maxKept) {
			this.free.add(buffer);
		}
		else {
			this.kept.decrementAndGet();
		}
	}

	/**
	 * Return how many buffers this pool has allocated.
	 * @return the count
	 */
	int allocated() {
		return this.allocated.get();
	}

}
