package io.n6k.server;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import io.micrometer.observation.Observation;
import io.n6k.backend.BatchSource;
import io.n6k.metrics.N6kStats;
import io.n6k.protocol.FrameEncoder;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.jspecify.annotations.Nullable;

/**
 * Moves one streaming result to the client under credit control: RESP_SCHEMA, one
 * credited RESP_CHUNK per batch (or per {@code _batch_rows} slice), the EOS chunk and
 * {@code RESP_END{rowcount:nil}}; on cancel the source is closed and
 * {@code RESP_END{cancelled:true}} sent without EOS. It never blocks a thread while it
 * waits for credit, for the writer, or for a source that is not ready: it parks and is
 * rescheduled by whatever it waits for.
 *
 * @author n6k
 */
final class StreamPump {

	private final InFlightRequest request;

	private final BatchSource source;

	private final long batchRows;

	private final byte[] chunkHeader;

	private final SerialDrain drain;

	/** The server's reused direct buffers for large chunks. */
	private final FrameBuffers buffers;

	private volatile boolean pulling;

	private boolean schemaSent;

	private boolean finished;

	private @Nullable VectorSchemaRoot current;

	private int offset;

	StreamPump(InFlightRequest request, BatchSource source, Executor executor) {
		this.request = request;
		this.source = source;
		this.buffers = request.connection().server().frameBuffers();
		// each drain loop runs inside the request's observation scope, and writes the
		// frames it queued itself when they are few
		Outbound outbound = request.connection().outbound();
		this.drain = new SerialDrain((loop) -> executor.execute(() -> outbound.writeAfter(() -> {
			try (Observation.Scope scope = request.openScope()) {
				loop.run();
			}
		})), this::pass, this::endOnShutdown);
		this.batchRows = request.batchRows();
		this.chunkHeader = FrameEncoder.arrowChunkHeader(request.id(), request.ns());
	}

	void start() {
		// Measured: running the first pass right here on the worker that opened the
		// source made small streams slower than handing it to another worker.
		schedule();
	}

	/** Called on cancel: stop a pull in progress and let the pump notice. */
	void onCancel() {
		if (this.pulling) {
			this.source.cancel();
		}
		schedule();
	}

	private void schedule() {
		this.drain.schedule();
	}

	private void endOnShutdown() {
		// The server is shutting down: no drain runs, so end the stream here.
		this.finished = true;
		closeSource();
		this.request.complete(FrameEncoder.endCancelled(this.request.id(), this.request.ns()),
				N6kStats.Outcome.CANCELLED);
	}

	private void pass() {
		if (!this.finished) {
			step();
		}
	}

	private void step() {
		try {
			if (!this.schemaSent) {
				if (this.request.isCancelled()) {
					finishCancelled();
					return;
				}
				this.request.send(ArrowFrames
					.schema(FrameEncoder.respSchemaHeader(this.request.id(), this.request.ns()), this.source.schema()));
				this.schemaSent = true;
			}
			Outbound outbound = this.request.connection().outbound();
			while (true) {
				if (this.request.isCancelled()) {
					finishCancelled();
					return;
				}
				VectorSchemaRoot root = this.current;
				if (root == null) {
					CompletionStage<?> ready = this.source.whenReady();
					if (ready != null && !ready.toCompletableFuture().isDone()) {
						ready.whenComplete((result, failure) -> schedule());
						return;
					}
					this.pulling = true;
					try {
						root = this.source.next();
					}
					finally {
						this.pulling = false;
					}
					if (this.request.isCancelled()) {
						finishCancelled();
						return;
					}
					if (root == null) {
						finishComplete();
						return;
					}
					if (root.getRowCount() == 0) {
						continue;
					}
					this.current = root;
					this.offset = 0;
				}
				if (outbound.overHighWater() && outbound.whenDrained(this::schedule)) {
					return;
				}
				if (!this.request.takeCredit(this::schedule)) {
					return;
				}
				int rows = root.getRowCount();
				int length = (this.batchRows > 0) ? (int) Math.min(this.batchRows, rows - this.offset)
						: rows - this.offset;
				ByteBuffer frame = ArrowFrames.batch(this.chunkHeader, root, this.offset, length, this.buffers);
				if (frame.isDirect()) {
					this.request.send(frame, this.buffers);
				}
				else {
					this.request.send(frame);
				}
				this.request.rowsSent(length);
				this.offset += length;
				if (this.offset >= rows) {
					this.current = null;
				}
			}
		}
		catch (Throwable ex) {
			this.finished = true;
			closeSource();
			if (this.request.isCancelled()) {
				this.request.complete(FrameEncoder.endCancelled(this.request.id(), this.request.ns()),
						N6kStats.Outcome.CANCELLED);
			}
			else {
				this.request.fail(ex);
			}
		}
	}

	private void finishComplete() {
		this.finished = true;
		closeSource();
		this.request.send(ArrowFrames.endOfStream(this.chunkHeader));
		this.request.complete(FrameEncoder.endRowCount(this.request.id(), this.request.ns(), null),
				N6kStats.Outcome.SUCCESS);
	}

	private void finishCancelled() {
		this.finished = true;
		closeSource();
		this.request.complete(FrameEncoder.endCancelled(this.request.id(), this.request.ns()),
				N6kStats.Outcome.CANCELLED);
	}

	private void closeSource() {
		this.current = null;
		try {
			this.source.close();
		}
		catch (RuntimeException ex) {
			// the stream's outcome is already decided; a failing close must not change it
		}
	}

}
