package io.n6k.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.n6k.metrics.ConnectionCounters;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The single writer of a connection: a FIFO of frames drained by at most one thread at a
 * time, so frames never interleave and a sender (a PUSH, a PING) never blocks. Streams
 * pause while more than the high-water mark is queued; past the hard limit the client is
 * too slow and the connection is closed.
 *
 * @author n6k
 */
final class Outbound {

	private static final Log logger = LogFactory.getLog(Outbound.class);

	/**
	 * Queued bytes up to which the thread that produced the frames writes them itself at
	 * the end of its pass: small answers then go out without waking a writer thread.
	 */
	static final long INLINE_WRITE_BYTES = 64 * 1024;

	/** The connection whose frames the current thread writes when its pass ends. */
	private static final ThreadLocal<@Nullable Outbound> writingAfter = new ThreadLocal<>();

	private final WebSocketSession socket;

	private final ConnectionCounters counters;

	private final long highWater;

	private final long limit;

	private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();

	private final AtomicLong queuedBytes = new AtomicLong();

	private final SerialDrain drain;

	private final List<Runnable> drainWaiters = new ArrayList<>();

	private volatile boolean closing;

	private volatile boolean socketClosed;

	/**
	 * The pooled frame whose send failed: the container may hold it until the socket
	 * closes.
	 */
	private final AtomicReference<@Nullable PooledFrame> failedPooledFrame = new AtomicReference<>();

	Outbound(WebSocketSession socket, Executor executor, ConnectionCounters counters, long highWater, long limit) {
		this.socket = socket;
		this.drain = new SerialDrain(executor, this::writeQueued, this::writerStopped);
		this.counters = counters;
		this.highWater = highWater;
		this.limit = limit;
	}

	/**
	 * Queue a frame.
	 * @param frame the whole frame (header and body)
	 * @return whether it was queued (false once the connection is closing)
	 */
	boolean send(ByteBuffer frame) {
		return enqueue(frame, frame.remaining());
	}

	/**
	 * Queue a frame held in a pooled buffer, given back to its pool once written.
	 * @param frame the whole frame (header and body)
	 * @param pool where the buffer goes back after a successful write
	 * @return whether it was queued (false once the connection is closing)
	 */
	boolean send(ByteBuffer frame, FrameBuffers pool) {
		if (this.closing) {
			// never handed to the container
			pool.release(frame);
			return false;
		}
		return enqueue(new PooledFrame(frame, pool), frame.remaining());
	}

	private boolean enqueue(Object frame, int length) {
		if (this.closing) {
			return false;
		}
		long queued = this.queuedBytes.addAndGet(length);
		this.queue.add(frame);
		if (queued > this.limit) {
			logger.warn("Closing n6k connection " + this.socket.getId() + ": client is not reading (" + queued
					+ " bytes queued)");
			closeNow(CloseStatus.POLICY_VIOLATION.withReason("send buffer limit exceeded"));
			return false;
		}
		if (writingAfter.get() != this) {
			schedule();
		}
		return true;
	}

	boolean send(byte[] frame) {
		return send(ByteBuffer.wrap(frame));
	}

	/**
	 * Run work that sends frames on the calling thread, then write what it queued: on
	 * this thread when no writer is busy and at most {@link #INLINE_WRITE_BYTES} are
	 * queued (a small answer, a PONG), else on a writer as usual. Frames queued meanwhile
	 * by other threads keep their order: there is still one queue and one writer at a
	 * time.
	 * @param work the work
	 */
	void writeAfter(Runnable work) {
		Outbound previous = writingAfter.get();
		writingAfter.set(this);
		try {
			work.run();
		}
		finally {
			writingAfter.set(previous);
			if (previous != this) {
				flush();
			}
		}
	}

	/**
	 * Write what is queued now when the calling thread is in {@link #writeAfter}, rather
	 * than when its work ends: a request's terminal frame goes out before the request's
	 * bookkeeping is done.
	 */
	void flushIfWritingAfter() {
		if (writingAfter.get() == this) {
			flush();
		}
	}

	private void flush() {
		if (this.queue.isEmpty()) {
			return;
		}
		if (this.queuedBytes.get() <= INLINE_WRITE_BYTES) {
			this.drain.runHere();
		}
		else {
			schedule();
		}
	}

	/**
	 * Close after every frame queued so far has been written; later frames are dropped.
	 * @param status the close status
	 */
	void closeAfterFlush(CloseStatus status) {
		if (this.closing) {
			return;
		}
		this.closing = true;
		this.queue.add(status);
		schedule();
	}

	/**
	 * Close at once, dropping queued frames.
	 * @param status the close status
	 */
	void closeNow(CloseStatus status) {
		this.closing = true;
		closeSocket(status);
		schedule();
	}

	long queuedBytes() {
		return this.queuedBytes.get();
	}

	boolean isClosing() {
		return this.closing;
	}

	/**
	 * Return whether so much is queued that streams should pause.
	 * @return whether above the high-water mark
	 */
	boolean overHighWater() {
		return this.queuedBytes.get() > this.highWater;
	}

	/**
	 * Run a callback once the queue has drained below half the high-water mark.
	 * @param callback runs once, on the writer's thread or at once
	 * @return {@code true} when the callback was registered, {@code false} when the queue
	 * is already low (the callback was not run)
	 */
	boolean whenDrained(Runnable callback) {
		synchronized (this.drainWaiters) {
			if (this.queuedBytes.get() <= this.highWater / 2 || this.socketClosed) {
				return false;
			}
			this.drainWaiters.add(callback);
			return true;
		}
	}

	private void schedule() {
		this.drain.schedule();
	}

	private void writerStopped() {
		// The server is shutting down and its writers are gone: nothing more is sent.
		logger.debug("n6k connection " + this.socket.getId() + ": writer stopped, frames dropped");
		this.closing = true;
		this.socketClosed = true;
		this.queue.clear();
		wakeDrainWaiters();
	}

	private void writeQueued() {
		Object item;
		while ((item = this.queue.poll()) != null) {
			if (item instanceof ByteBuffer frame) {
				write(frame);
			}
			else if (item instanceof PooledFrame pooled) {
				if (write(pooled.frame())) {
					pooled.pool().release(pooled.frame());
				}
				else {
					this.failedPooledFrame.set(pooled);
				}
			}
			else if (item instanceof CloseStatus status) {
				closeSocket(status);
			}
		}
	}

	/**
	 * Write a frame; return whether the container no longer holds it: it was sent, or
	 * never handed over because the socket had closed.
	 */
	private boolean write(ByteBuffer frame) {
		int length = frame.remaining();
		boolean released = true;
		if (!this.socketClosed) {
			try {
				this.socket.sendMessage(new BinaryMessage(frame, true));
				this.counters.sent(length);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("n6k connection " + this.socket.getId() + " send failed: " + ex.getMessage());
				this.closing = true;
				this.socketClosed = true;
				released = false;
			}
		}
		long queued = this.queuedBytes.addAndGet(-length);
		if (queued <= this.highWater / 2 || this.socketClosed) {
			wakeDrainWaiters();
		}
		return released;
	}

	/**
	 * The container has closed the socket: a pooled buffer whose send failed can no
	 * longer be read by it, and goes back to its pool.
	 */
	void socketClosed() {
		PooledFrame failed = this.failedPooledFrame.getAndSet(null);
		if (failed != null) {
			failed.pool().release(failed.frame());
		}
	}

	private void closeSocket(CloseStatus status) {
		if (this.socketClosed) {
			return;
		}
		this.socketClosed = true;
		try {
			this.socket.close(status);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("n6k connection " + this.socket.getId() + " close failed: " + ex.getMessage());
		}
		wakeDrainWaiters();
	}

	private void wakeDrainWaiters() {
		List<Runnable> waiters;
		synchronized (this.drainWaiters) {
			if (this.drainWaiters.isEmpty()) {
				return;
			}
			waiters = new ArrayList<>(this.drainWaiters);
			this.drainWaiters.clear();
		}
		waiters.forEach(Runnable::run);
	}

	/**
	 * A queued frame whose buffer belongs to a pool.
	 *
	 * @param frame the frame
	 * @param pool its buffer's pool
	 */
	private record PooledFrame(ByteBuffer frame, FrameBuffers pool) {
	}

}
