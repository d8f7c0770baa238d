package io.n6k.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.observation.Observation;
import io.n6k.backend.RequestContext;
import io.n6k.backend.Result;
import io.n6k.metrics.DefaultN6kRequestObservationConvention;
import io.n6k.metrics.N6kRequestObservationContext;
import io.n6k.metrics.N6kStats;
import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.Frame;
import io.n6k.protocol.FrameEncoder;
import io.n6k.protocol.N6kException;
import io.n6k.protocol.Op;
import io.n6k.protocol.Protocol;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * An admitted request: its credit balance, its cancel flag, its allocator, and the code
 * that runs it on a request worker and answers it.
 *
 * @author n6k
 */
final class InFlightRequest implements RequestContext {

	private static final Log requestLogger = LogFactory.getLog("io.n6k.requests");

	private final N6kConnection connection;

	private final CatalogSession session;

	private final RequestKey key;

	private final long opCode;

	private final @Nullable Op op;

	private final Frame frame;

	private final BufferAllocator allocator;

	private final long startNanos = System.nanoTime();

	private long credits = Protocol.DEFAULT_BATCH_CREDITS;

	private @Nullable Runnable creditWaiter;

	private long parkedAt;

	private volatile boolean cancelled;

	private volatile @Nullable StreamPump pump;

	private final java.util.List<Runnable> cancelActions = new java.util.ArrayList<>();

	private volatile long rowsSent;

	private final AtomicLong bytesQueued = new AtomicLong();

	private final N6kRequestObservationContext observationContext;

	private final Observation observation;

	/** Rows an INSERT or EXEC reported as changed, or -1. */
	private long rowsWritten = -1;

	private boolean terminated;

	InFlightRequest(N6kConnection connection, CatalogSession session, RequestKey key, long opCode, Frame frame,
			BufferAllocator allocator) {
		this.connection = connection;
		this.session = session;
		this.key = key;
		this.opCode = opCode;
		this.op = Op.forCode(opCode);
		this.frame = frame;
		this.allocator = allocator;
		this.observationContext = new N6kRequestObservationContext(opName(), session.catalog(), connection.id());
		N6kServer server = connection.server();
		this.observation = Observation
			.createNotStarted(server.observationConvention(), DefaultN6kRequestObservationConvention.INSTANCE,
					() -> this.observationContext, server.observationRegistry())
			.start();
	}

	private String opName() {
		return (this.op != null) ? this.op.name() : "UNKNOWN";
	}

	@Override
	public String catalog() {
		return this.session.catalog();
	}

	@Override
	public Op op() {
		return (this.op != null) ? this.op : Op.CATALOG_INVALIDATED;
	}

	@Override
	public long id() {
		return this.key.id();
	}

	@Override
	public long ns() {
		return this.key.ns();
	}

	@Override
	public String connectionId() {
		return this.connection.id();
	}

	@Override
	public @Nullable Principal principal() {
		return this.session.principal();
	}

	@Override
	public BufferAllocator allocator() {
		return this.allocator;
	}

	@Override
	public boolean isCancelled() {
		return this.cancelled;
	}

	long batchRows() {
		return this.frame.args().batchRows();
	}

	@Override
	public void onCancel(Runnable action) {
		synchronized (this.cancelActions) {
			if (!this.cancelled) {
				this.cancelActions.add(action);
				return;
			}
		}
		action.run();
	}

	RequestKey key() {
		return this.key;
	}

	N6kConnection connection() {
		return this.connection;
	}

	/**
	 * Open the request's observation scope on the current thread, so that what the
	 * request's work observes (JDBC, user code) becomes its child.
	 * @return the scope to close
	 */
	Observation.Scope openScope() {
		return this.observation.openScope();
	}

	/**
	 * Return a snapshot of the request.
	 * @return the snapshot
	 */
	ConnectionInfo.RequestInfo info() {
		return new ConnectionInfo.RequestInfo(ns(), id(), opName(), catalog(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos), this.rowsSent, this.cancelled);
	}

	/**
	 * Run the request on a request worker; a small answer is written by this thread when
	 * the request's work ends.
	 */
	void run() {
		this.connection.outbound().writeAfter(() -> {
			try (Observation.Scope scope = openScope()) {
				runInScope();
			}
		});
	}

	private void runInScope() {
		try {
			if (this.op == null) {
				throw N6kException.notImplemented("n6k_server: op " + this.opCode + " not implemented yet");
			}
			Result result = RequestDispatcher.dispatch(this.session.handler(), this, this.op, this.frame);
			deliver(result);
		}
		catch (Throwable ex) {
			if (this.cancelled && this.op != null && this.op.streaming()) {
				complete(FrameEncoder.endCancelled(id(), ns()), N6kStats.Outcome.CANCELLED);
			}
			else {
				fail(ex);
			}
		}
	}

	private void deliver(Result result) throws IOException {
		long id = id();
		long ns = ns();
		if (result instanceof Result.Stream stream) {
			StreamPump pump = new StreamPump(this, stream.source(), this.connection.server().requestExecutor());
			synchronized (this.cancelActions) {
				// the stream now owns cancellation: earlier actions no longer apply
				this.cancelActions.clear();
			}
			this.pump = pump;
			pump.start();
			return;
		}
		if (result instanceof Result.Schemas schemas) {
			send(FrameEncoder.schemasChunk(id, ns, schemas.schemas()));
			complete(FrameEncoder.end(id, ns), N6kStats.Outcome.SUCCESS);
		}
		else if (result instanceof Result.Tables tables) {
			send(FrameEncoder.tablesChunk(id, ns, tables.tables()));
			complete(FrameEncoder.end(id, ns), N6kStats.Outcome.SUCCESS);
		}
		else if (result instanceof Result.SchemaOnly schema) {
			send(ArrowFrames.schema(FrameEncoder.respSchemaHeader(id, ns), schema.schema()));
			complete(FrameEncoder.end(id, ns), N6kStats.Outcome.SUCCESS);
		}
		else if (result instanceof Result.RowCount count) {
			this.rowsWritten = count.rowCount();
			complete(FrameEncoder.endRowCount(id, ns, count.rowCount()), N6kStats.Outcome.SUCCESS);
		}
		else {
			complete(FrameEncoder.endOk(id, ns), N6kStats.Outcome.SUCCESS);
		}
	}

	void send(byte[] frame) {
		send(ByteBuffer.wrap(frame));
	}

	void send(ByteBuffer frame) {
		int length = frame.remaining();
		if (this.connection.outbound().send(frame)) {
			this.bytesQueued.addAndGet(length);
		}
	}

	void send(ByteBuffer frame, FrameBuffers pool) {
		int length = frame.remaining();
		if (this.connection.outbound().send(frame, pool)) {
			this.bytesQueued.addAndGet(length);
		}
	}

	void rowsSent(long rows) {
		this.rowsSent += rows;
		this.connection.counters().rows(rows);
	}

	/**
	 * Answer the request with an ERR frame.
	 * @param failure what went wrong
	 */
	void fail(Throwable failure) {
		N6kException error = Errors.toN6k(failure);
		if (error.type() == ExceptionType.IOException && !(failure instanceof N6kException)) {
			requestLogger.debug("Request failed unexpectedly", failure);
		}
		N6kStats.Refusal refusal = SecurityAudit.statementRefusal(error);
		if (refusal != null) {
			this.connection.audit().statementRefused(this, refusal, error);
		}
		complete(FrameEncoder.err(id(), ns(), error.type(), String.valueOf(error.getMessage())), N6kStats.Outcome.ERROR,
				failure);
	}

	/**
	 * Queue the terminal frame and release the request.
	 * @param terminal RESP_END or ERR
	 * @param outcome how the request ended
	 */
	void complete(byte[] terminal, N6kStats.Outcome outcome) {
		complete(terminal, outcome, null);
	}

	private void complete(byte[] terminal, N6kStats.Outcome outcome, @Nullable Throwable failure) {
		synchronized (this) {
			if (this.terminated) {
				return;
			}
			this.terminated = true;
		}
		// Release the id first: a client may reuse it as soon as it sees the terminal
		// frame.
		this.connection.requestFinished(this, outcome);
		send(terminal);
		this.connection.outbound().flushIfWritingAfter();
		this.connection.terminalQueued();
		this.observationContext.setOutcome(outcome.name());
		this.observationContext.setRows(this.rowsSent);
		this.observationContext.setBytes(this.bytesQueued.get());
		if (failure != null) {
			this.observation.error(failure);
		}
		this.observation.stop();
		long allocated = this.allocator.getAllocatedMemory();
		try {
			this.allocator.close();
		}
		catch (RuntimeException ex) {
			requestLogger.error("Arrow memory leaked by request " + describe() + ": " + allocated + " bytes", ex);
		}
		if (requestLogger.isDebugEnabled()) {
			requestLogger.debug(describe() + " outcome=" + outcome + " rows=" + this.rowsSent
					+ ((this.rowsWritten >= 0) ? " written=" + this.rowsWritten : "") + " duration="
					+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos) + "ms");
		}
	}

	private String describe() {
		Principal principal = principal();
		return "connection=" + connectionId() + " catalog=" + catalog() + " principal="
				+ ((principal != null) ? principal.getName() : "-") + " ns=" + ns() + " id=" + id() + " op="
				+ ((this.op != null) ? this.op.name() : String.valueOf(this.opCode));
	}

	/**
	 * Take one credit, or register a callback for when credit arrives.
	 * @param waker runs when credit arrives
	 * @return whether a credit was taken
	 */
	boolean takeCredit(Runnable waker) {
		synchronized (this) {
			if (this.credits > 0) {
				this.credits--;
				if (this.parkedAt != 0) {
					this.connection.counters().creditWait(System.nanoTime() - this.parkedAt);
					this.parkedAt = 0;
				}
				return true;
			}
			if (this.creditWaiter == null && this.parkedAt == 0) {
				this.connection.counters().creditPause();
				this.parkedAt = System.nanoTime();
			}
			this.creditWaiter = waker;
			return false;
		}
	}

	/**
	 * Add credits; {@code n <= 0} is ignored.
	 * @param n credits to add
	 */
	void addCredits(long n) {
		if (n <= 0) {
			return;
		}
		Runnable waker;
		synchronized (this) {
			this.credits = (Long.MAX_VALUE - this.credits < n) ? Long.MAX_VALUE : this.credits + n;
			waker = this.creditWaiter;
			this.creditWaiter = null;
		}
		if (waker != null) {
			waker.run();
		}
	}

	/** Set the cancel flag and wake the stream, wherever it waits. */
	void cancel() {
		java.util.List<Runnable> actions;
		synchronized (this.cancelActions) {
			this.cancelled = true;
			actions = new java.util.ArrayList<>(this.cancelActions);
			this.cancelActions.clear();
		}
		for (Runnable action : actions) {
			try {
				action.run();
			}
			catch (RuntimeException ex) {
				requestLogger.debug("Cancel action failed", ex);
			}
		}
		Runnable waker;
		synchronized (this) {
			waker = this.creditWaiter;
			this.creditWaiter = null;
		}
		StreamPump pump = this.pump;
		if (pump != null) {
			pump.onCancel();
		}
		else if (waker != null) {
			waker.run();
		}
	}

}
