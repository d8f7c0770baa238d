package io.n6k.autoconfigure;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

/**
 * The threads of the n6k server: request workers (virtual threads when enabled and
 * available, else a bounded pool), per-connection writers and one timer.
 *
 * @author n6k
 */
final class N6kExecutors implements DisposableBean {

	private final ExecutorService requests;

	private final ExecutorService writers;

	private final ScheduledExecutorService timer;

	private final boolean virtual;

	N6kExecutors(int poolSize, boolean virtualThreads) {
		ExecutorService virtualExecutor = virtualThreads ? newVirtualThreadPerTaskExecutor() : null;
		this.virtual = virtualExecutor != null;
		if (virtualExecutor != null) {
			this.requests = virtualExecutor;
			this.writers = Objects.requireNonNull(newVirtualThreadPerTaskExecutor(), "virtual threads are available");
		}
		else {
			ThreadPoolExecutor pool = new ThreadPoolExecutor(poolSize, poolSize, 60, TimeUnit.SECONDS,
					new LinkedBlockingQueue<>(), daemon("n6k-request-"));
			pool.allowCoreThreadTimeOut(true);
			this.requests = pool;
			this.writers = Executors.newCachedThreadPool(daemon("n6k-writer-"));
		}
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("n6k-timer-"));
		timer.setRemoveOnCancelPolicy(true);
		this.timer = timer;
	}

	public ExecutorService requests() {
		return this.requests;
	}

	public ExecutorService writers() {
		return this.writers;
	}

	public ScheduledExecutorService timer() {
		return this.timer;
	}

	/**
	 * Return whether request work runs on virtual threads.
	 * @return whether virtual
	 */
	public boolean isVirtual() {
		return this.virtual;
	}

	@Override
	public void destroy() {
		// Connections are closed by now (N6kGracefulShutdown): let stragglers finish
		// briefly, then interrupt them.
		this.timer.shutdownNow();
		this.requests.shutdown();
		this.writers.shutdown();
		awaitTermination(this.requests, 2000);
		awaitTermination(this.writers, 1000);
		this.requests.shutdownNow();
		this.writers.shutdownNow();
	}

	private static void awaitTermination(ExecutorService executor, long millis) {
		try {
			executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static @Nullable ExecutorService newVirtualThreadPerTaskExecutor() {
		try {
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	private static ThreadFactory daemon(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
