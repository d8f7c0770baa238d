package io.n6k.server;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a task on an executor, at most one thread at a time, again for as long as
 * {@link #schedule()} was called while it ran, so that no request for work is lost and no
 * caller ever blocks (the "wip counter" drain loop). {@link Outbound} and
 * {@link StreamPump} share it.
 *
 * @author n6k
 */
final class SerialDrain {

	private final Executor executor;

	private final Runnable pass;

	private final Runnable onRejected;

	private final AtomicInteger wip = new AtomicInteger();

	/**
	 * Create a drain.
	 * @param executor runs the drain loop
	 * @param pass one pass of work; it runs until nothing is left to do for now
	 * @param onRejected runs on the caller's thread when the executor refuses the loop;
	 * no later {@link #schedule()} runs the pass again
	 */
	SerialDrain(Executor executor, Runnable pass, Runnable onRejected) {
		this.executor = executor;
		this.pass = pass;
		this.onRejected = onRejected;
	}

	/** Ask for a pass: start the loop, or make the running loop go round once more. */
	void schedule() {
		if (this.wip.getAndIncrement() == 0) {
			try {
				this.executor.execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				this.onRejected.run();
			}
		}
	}

	/**
	 * Ask for a pass on the calling thread: run the loop here when no other thread runs
	 * it (saving the hand-off to the executor), or make the running loop go round once
	 * more.
	 */
	void runHere() {
		if (this.wip.getAndIncrement() == 0) {
			drain();
		}
	}

	private void drain() {
		int missed = 1;
		do {
			this.pass.run();
			missed = this.wip.addAndGet(-missed);
		}
		while (missed != 0);
	}

}
