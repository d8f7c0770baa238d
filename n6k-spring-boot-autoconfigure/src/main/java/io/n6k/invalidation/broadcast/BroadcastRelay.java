package io.n6k.invalidation.broadcast;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.n6k.backend.CatalogShapeSource;
import io.n6k.server.LiveConnection;
import io.n6k.server.N6kConnections;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Relays invalidations between this instance and the others through a {@link Broker}.
 * Pushes made here are sent on; pushes received from other instances are made to this
 * instance's clients, exactly once: each message carries the sender's id (this instance's
 * own echoes are dropped) and the catalog's sequence number (a number already seen is a
 * duplicate and dropped; a skipped number means messages were lost, and the schemas
 * stamped since the last number seen are read back from the broker and pushed).
 * <p>
 * The link is watched by a heartbeat this instance sends to itself through the broker.
 * While it is down, local pushes go on, what could not be sent is counted and kept, and
 * when it returns this instance pushes, once, the schemas other instances invalidated in
 * the meantime, and sends the ones it kept.
 *
 * @author n6k
 * @since 0.1.0
 */
public class BroadcastRelay implements InvalidationBroadcast, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(BroadcastRelay.class);

	private final Broker broker;

	private final N6kConnections connections;

	private final List<CatalogShapeSource> sources;

	private final Duration heartbeatInterval;

	private final Duration linkTimeout;

	private final String instance = UUID.randomUUID().toString();

	private final BroadcastStatus status;

	/** Serializes what is received with resynchronizations; guards {@link #seen}. */
	private final Object receiveLock = new Object();

	private final Map<String, Seen> seen = new HashMap<>();

	private final Map<String, Set<String>> kept = new LinkedHashMap<>();

	private final Map<String, Map<String, String>> baselinesToInit = new ConcurrentHashMap<>();

	private final AtomicBoolean recovering = new AtomicBoolean();

	private final AtomicLong nonce = new AtomicLong();

	private volatile boolean synced;

	private volatile long lastEcho;

	private volatile boolean running;

	private @Nullable ExecutorService sender;

	private @Nullable ScheduledExecutorService heartbeat;

	/**
	 * Create a relay.
	 * @param broker the broker
	 * @param connections this instance's connections
	 * @param heartbeatInterval how often the link is checked
	 * @param linkTimeout how long without its own heartbeat back before the link counts
	 * as down
	 */
	public BroadcastRelay(Broker broker, N6kConnections connections, Duration heartbeatInterval, Duration linkTimeout) {
		this(broker, connections, List.of(), heartbeatInterval, linkTimeout);
	}

	/**
	 * Create a relay that also tells catalog shape sources of the changes other instances
	 * report, so that they drop what they keep in memory.
	 * @param broker the broker
	 * @param connections this instance's connections
	 * @param sources this instance's catalog shape sources
	 * @param heartbeatInterval how often the link is checked
	 * @param linkTimeout how long without its own heartbeat back before the link counts
	 * as down
	 */
	public BroadcastRelay(Broker broker, N6kConnections connections, List<CatalogShapeSource> sources,
			Duration heartbeatInterval, Duration linkTimeout) {
		this.broker = broker;
		this.connections = connections;
		this.sources = List.copyOf(sources);
		this.heartbeatInterval = heartbeatInterval;
		this.linkTimeout = linkTimeout;
		this.status = new BroadcastStatus(broker.name(), this.instance);
	}

	/**
	 * Return the state of the link.
	 * @return the status
	 */
	public BroadcastStatus getStatus() {
		return this.status;
	}

	@Override
	public void published(String catalog, List<String> schemas) {
		ExecutorService sender = this.sender;
		if (!this.status.isUp() || sender == null) {
			// kept for when the link is up (or first comes up, for pushes made during
			// startup)
			keep(catalog, schemas);
			return;
		}
		try {
			sender.execute(() -> send(catalog, schemas));
		}
		catch (RejectedExecutionException ex) {
			// stopped: the application is closing
		}
	}

	@Override
	public @Nullable Map<String, String> baseline(String catalog) {
		if (!this.status.isUp()) {
			return null;
		}
		try {
			return this.broker.baseline(catalog);
		}
		catch (Exception ex) {
			linkDown(ex);
			return null;
		}
	}

	@Override
	public @Nullable Set<String> swapBaseline(String catalog, Map<String, String> shapes) {
		if (!this.status.isUp()) {
			return null;
		}
		try {
			Set<String> changed = this.broker.swapBaseline(catalog, shapes, newEpoch());
			return (changed != null) ? new TreeSet<>(changed) : null;
		}
		catch (Exception ex) {
			linkDown(ex);
			return null;
		}
	}

	@Override
	public void initBaseline(String catalog, Map<String, String> shapes) {
		if (this.status.isUp()) {
			try {
				this.broker.initBaseline(catalog, shapes, newEpoch());
				return;
			}
			catch (Exception ex) {
				linkDown(ex);
			}
		}
		this.baselinesToInit.put(catalog, Map.copyOf(shapes));
	}

	@Override
	public void start() {
		this.sender = Executors.newSingleThreadExecutor(daemon("n6k-invalidation-sender"));
		// Two threads: a send blocked on a dead broker must not delay noticing that the
		// link is down.
		this.heartbeat = Executors.newScheduledThreadPool(2, daemon("n6k-invalidation-heartbeat"));
		this.running = true;
		this.broker.start(new Broker.Receiver() {

			@Override
			public void received(String message) {
				receive(message);
			}

			@Override
			public void lost(Exception cause) {
				linkDown(cause);
			}

		});
		long interval = this.heartbeatInterval.toMillis();
		this.heartbeat.scheduleWithFixedDelay(this::beat, 0, interval, TimeUnit.MILLISECONDS);
		this.heartbeat.scheduleWithFixedDelay(this::checkLink, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.heartbeat != null) {
			this.heartbeat.shutdownNow();
		}
		if (this.sender != null) {
			this.sender.shutdown();
			try {
				this.sender.awaitTermination(2, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.broker.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void checkLink() {
		if (this.status.isUp() && System.nanoTime() - this.lastEcho > this.linkTimeout.toNanos()) {
			linkDown("no heartbeat came back within " + this.linkTimeout.toMillis() + " ms");
		}
	}

	private void beat() {
		try {
			this.broker.send(InvalidationMessage.heartbeat(this.instance, Long.toString(this.nonce.incrementAndGet())));
		}
		catch (Exception ex) {
			linkDown(ex);
		}
	}

	private void receive(String text) {
		InvalidationMessage message = InvalidationMessage.parse(text);
		if (message == null || !this.running) {
			return;
		}
		if (message.heartbeat()) {
			if (message.instance().equals(this.instance)) {
				this.lastEcho = System.nanoTime();
				if (!this.status.isUp() && this.recovering.compareAndSet(false, true)) {
					execute(this::recover);
				}
			}
			return;
		}
		synchronized (this.receiveLock) {
			if (this.synced) {
				apply(message);
			}
		}
	}

	private void apply(InvalidationMessage message) {
		Seen last = this.seen.get(message.catalog());
		long base = (last != null && last.epoch().equals(message.epoch())) ? last.version() : 0;
		if (message.version() <= base) {
			return;
		}
		if (message.version() > base + 1 || message.schemas() == null) {
			try {
				resync(message.catalog(), true);
			}
			catch (Exception ex) {
				linkDown(ex);
			}
			return;
		}
		this.seen.put(message.catalog(), new Seen(message.epoch(), message.version()));
		if (!message.instance().equals(this.instance)) {
			pushLocally(message.catalog(), message.schemas());
		}
	}

	/**
	 * Read what the broker recorded and push, once, the schemas other instances stamped
	 * after the last sequence number this instance saw. Called with {@link #receiveLock}.
	 */
	private void resync(@Nullable String only, boolean push) throws Exception {
		for (Map.Entry<String, Broker.CatalogVersions> entry : this.broker.versions().entrySet()) {
			String catalog = entry.getKey();
			if (only != null && !only.equals(catalog)) {
				continue;
			}
			Broker.CatalogVersions versions = entry.getValue();
			Seen last = this.seen.get(catalog);
			long base = (last != null && last.epoch().equals(versions.epoch())) ? last.version() : 0;
			long max = base;
			Set<String> changed = new TreeSet<>();
			for (Map.Entry<String, Broker.Stamp> stamp : versions.stamps().entrySet()) {
				if (stamp.getValue().version() > base) {
					max = Math.max(max, stamp.getValue().version());
					if (!stamp.getValue().instance().equals(this.instance)) {
						changed.add(stamp.getKey());
					}
				}
			}
			this.seen.put(catalog, new Seen(versions.epoch(), max));
			if (push && !changed.isEmpty()) {
				pushLocally(catalog, List.copyOf(changed));
			}
		}
	}

	private void recover() {
		try {
			synchronized (this.receiveLock) {
				resync(null, this.synced);
				this.synced = true;
			}
			for (Map.Entry<String, Map<String, String>> entry : this.baselinesToInit.entrySet()) {
				this.broker.initBaseline(entry.getKey(), entry.getValue(), newEpoch());
				this.baselinesToInit.remove(entry.getKey(), entry.getValue());
			}
			this.lastEcho = System.nanoTime();
			if (this.status.up()) {
				logger.info("n6k invalidation broadcast through " + this.broker.name() + " is up");
			}
			sendKept();
		}
		catch (Exception ex) {
			linkDown(ex);
		}
		finally {
			this.recovering.set(false);
		}
	}

	private void sendKept() throws Exception {
		Map<String, Set<String>> toSend;
		synchronized (this.kept) {
			toSend = new LinkedHashMap<>(this.kept);
			this.kept.clear();
		}
		Iterator<Map.Entry<String, Set<String>>> entries = toSend.entrySet().iterator();
		while (entries.hasNext()) {
			Map.Entry<String, Set<String>> entry = entries.next();
			try {
				this.broker.publish(this.instance, entry.getKey(), List.copyOf(entry.getValue()), newEpoch());
			}
			catch (Exception ex) {
				synchronized (this.kept) {
					toSend.forEach((catalog, schemas) -> this.kept.computeIfAbsent(catalog, (key) -> new TreeSet<>())
						.addAll(schemas));
				}
				throw ex;
			}
			entries.remove();
		}
	}

	private void send(String catalog, List<String> schemas) {
		if (!this.status.isUp()) {
			keep(catalog, schemas);
			return;
		}
		try {
			this.broker.publish(this.instance, catalog, schemas, newEpoch());
		}
		catch (Exception ex) {
			keep(catalog, schemas);
			linkDown(ex);
		}
	}

	private void keep(String catalog, List<String> schemas) {
		synchronized (this.kept) {
			this.kept.computeIfAbsent(catalog, (key) -> new TreeSet<>()).addAll(schemas);
		}
		this.status.countNotBroadcast();
	}

	private void pushLocally(String catalog, List<String> schemas) {
		for (CatalogShapeSource source : this.sources) {
			source.shapeChanged(catalog);
		}
		for (LiveConnection connection : this.connections.serving(catalog)) {
			connection.pushInvalidation(catalog, schemas);
		}
	}

	private void linkDown(Exception cause) {
		linkDown(describe(cause));
	}

	private void linkDown(String reason) {
		if (this.status.down(reason) && this.running) {
			logger.warn("n6k invalidation broadcast through " + this.broker.name() + " is down (" + reason
					+ "); local pushes continue and are sent when it returns");
		}
	}

	private void execute(Runnable task) {
		ExecutorService sender = this.sender;
		if (sender != null && this.running) {
			try {
				sender.execute(task);
				return;
			}
			catch (RuntimeException ex) {
				// shutting down
			}
		}
		this.recovering.set(false);
	}

	private static String describe(Exception ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	private static String newEpoch() {
		return UUID.randomUUID().toString();
	}

	private static java.util.concurrent.ThreadFactory daemon(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	private record Seen(String epoch, long version) {
	}

}
