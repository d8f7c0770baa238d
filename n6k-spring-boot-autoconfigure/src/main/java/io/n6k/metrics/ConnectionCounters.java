package io.n6k.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one live connection. They are added to the server totals when the
 * connection ends, so totals never go backwards while live sums die with their connection
 * (as the conformance harness's {@code /debug/counts} requires).
 *
 * @author n6k
 * @since 0.1.0
 */
public final class ConnectionCounters {

	final LongAdder requests = new LongAdder();

	final LongAdder creditPauses = new LongAdder();

	final LongAdder creditWaitNanos = new LongAdder();

	final LongAdder cancels = new LongAdder();

	final LongAdder pushes = new LongAdder();

	final LongAdder bytesSent = new LongAdder();

	final LongAdder rowsSent = new LongAdder();

	final LongAdder sessions = new LongAdder();

	final LongAdder inFlight = new LongAdder();

	public void requestAdmitted() {
		this.requests.increment();
		this.inFlight.increment();
	}

	public void requestFinished() {
		this.inFlight.decrement();
	}

	public void creditPause() {
		this.creditPauses.increment();
	}

	public void creditWait(long nanos) {
		this.creditWaitNanos.add(nanos);
	}

	public void cancel() {
		this.cancels.increment();
	}

	public void push() {
		this.pushes.increment();
	}

	public void sent(long bytes) {
		this.bytesSent.add(bytes);
	}

	public void rows(long rows) {
		this.rowsSent.add(rows);
	}

	public void sessionOpened() {
		this.sessions.increment();
	}

	public void sessionClosed() {
		this.sessions.decrement();
	}

	public long requests() {
		return this.requests.sum();
	}

	public long creditPauses() {
		return this.creditPauses.sum();
	}

	public long cancels() {
		return this.cancels.sum();
	}

	public long inFlight() {
		return this.inFlight.sum();
	}

	public long sessions() {
		return this.sessions.sum();
	}

}
