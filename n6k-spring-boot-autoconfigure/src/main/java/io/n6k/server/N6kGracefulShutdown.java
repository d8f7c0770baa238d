package io.n6k.server;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.CloseStatus;

/**
 * Ends the n6k connections before the web server stops, so that clients see their
 * requests finish and a close frame instead of a dropped socket. On stop: upgrades are
 * refused with 1012 "service restart" and new requests with an ERR; each connection
 * closes with 1001 "going away" as soon as its running requests have answered; after the
 * drain timeout the remaining requests are cancelled as CANCEL does (DuckDB is
 * interrupted) and their connections closed with 1001. It runs in a phase before the web
 * server's graceful shutdown, while the server still accepts connections.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class N6kGracefulShutdown implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(N6kGracefulShutdown.class);

	private static final long POLL_MILLIS = 20;

	private final N6kServer server;

	private final Duration drainTimeout;

	private final Duration closeTimeout;

	private final int phase;

	private volatile boolean running;

	/**
	 * Create the shutdown of a server.
	 * @param server the server
	 * @param drainTimeout how long running requests may take to finish
	 * @param closeTimeout how long cancelled requests may take to end before their
	 * sockets are closed regardless
	 * @param phase the lifecycle phase
	 */
	public N6kGracefulShutdown(N6kServer server, Duration drainTimeout, Duration closeTimeout, int phase) {
		this.server = server;
		this.drainTimeout = drainTimeout;
		this.closeTimeout = closeTimeout;
		this.phase = phase;
	}

	@Override
	public void start() {
		// also a restart after stop (a paused context, as the test framework pauses the
		// contexts it caches): accept again
		this.server.stopDraining();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.server.startDraining();
		shutdown();
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		this.server.startDraining();
		if (this.server.connections().connections().isEmpty()) {
			callback.run();
			return;
		}
		Thread thread = new Thread(() -> {
			try {
				shutdown();
			}
			finally {
				callback.run();
			}
		}, "n6k-shutdown");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	private void shutdown() {
		int count = this.server.connections().connections().size();
		if (count == 0) {
			return;
		}
		logger.info("Commencing graceful shutdown of " + count + " n6k connection(s); requests may run for up to "
				+ this.drainTimeout.toMillis() + "ms");
		if (closeIdle(this.drainTimeout)) {
			logger.info("n6k connections closed");
			return;
		}
		List<N6kConnection> busy = this.server.connections().connections();
		logger.info("Cancelling the requests of " + busy.size() + " n6k connection(s) after the shutdown timeout");
		busy.forEach(N6kConnection::cancelAll);
		if (closeIdle(this.closeTimeout)) {
			logger.info("n6k connections closed");
			return;
		}
		for (N6kConnection connection : this.server.connections().connections()) {
			connection.close(CloseStatus.GOING_AWAY.getCode(), "going away");
		}
		logger.info("n6k connections closed; some requests had not ended");
	}

	/**
	 * Close each connection once it has no unanswered request, until all are closing or
	 * the time is up.
	 * @param timeout how long to wait
	 * @return whether every connection is closing
	 */
	private boolean closeIdle(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			boolean all = true;
			for (N6kConnection connection : this.server.connections().connections()) {
				all &= connection.closeIfIdle();
			}
			if (all) {
				return true;
			}
			if (System.nanoTime() - deadline >= 0) {
				return false;
			}
			try {
				Thread.sleep(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
	}

}
