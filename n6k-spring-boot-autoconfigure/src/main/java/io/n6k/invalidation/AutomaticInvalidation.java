package io.n6k.invalidation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Pushes committed shape changes without code in the application
 * ({@code n6k.invalidation.auto=true}): every interval it asks the
 * {@link CatalogInvalidationService} whether a served catalog's tables, views or columns
 * changed, and pushes the changed schemas once. Uncommitted DDL is invisible to the
 * check, so a change is pushed after its transaction commits; several changes within one
 * interval are pushed together.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class AutomaticInvalidation implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(AutomaticInvalidation.class);

	private final CatalogInvalidationService service;

	private final List<String> catalogs;

	private final Duration interval;

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * Create the automatic mode.
	 * @param service the invalidation service
	 * @param catalogs the catalogs to watch
	 * @param interval how often to check
	 */
	public AutomaticInvalidation(CatalogInvalidationService service, List<String> catalogs, Duration interval) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("n6k.invalidation.auto-interval must be positive");
		}
		this.service = service;
		this.catalogs = List.copyOf(catalogs);
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null || this.catalogs.isEmpty()) {
			return;
		}
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "n6k-invalidation");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		scheduler.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
		this.scheduler = scheduler;
	}

	/**
	 * Check every watched catalog once and push what changed.
	 */
	void check() {
		for (String catalog : this.catalogs) {
			try {
				this.service.pushDetectedChanges(catalog);
			}
			catch (RuntimeException ex) {
				// a failing check must not stop the schedule; the next one retries
				logger.warn("n6k could not check catalog \"" + catalog + "\" for shape changes: " + ex.getMessage());
			}
		}
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

}
