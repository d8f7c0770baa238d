package io.n6k.server;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.observation.ObservationRegistry;
import io.n6k.metrics.N6kRequestObservationConvention;
import io.n6k.metrics.N6kStats;
import org.apache.arrow.memory.BufferAllocator;
import org.jspecify.annotations.Nullable;

/**
 * What all connections share: executors, the timer, the Arrow allocator, statistics, the
 * registry of live connections and the engine's limits.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class N6kServer {

	private final Settings settings;

	private final Executor requestExecutor;

	private final Executor writerExecutor;

	private final ScheduledExecutorService scheduler;

	private final BufferAllocator allocator;

	/**
	 * Direct buffers for large chunks, shared by every stream: a buffer goes back once
	 * written, so the buffers in use follow the chunks in flight, not the streams served.
	 */
	private final FrameBuffers frameBuffers = new FrameBuffers(FrameBuffers.DEFAULT_MAX_KEPT);

	private final N6kStats stats;

	private final N6kConnections connections = new N6kConnections();

	private final ObservationRegistry observationRegistry;

	private final @Nullable N6kRequestObservationConvention observationConvention;

	private volatile boolean draining;

	/**
	 * Create the shared server runtime.
	 * @param settings the limits
	 * @param requestExecutor runs request work, off the container threads
	 * @param writerExecutor runs the per-connection writers
	 * @param scheduler timers: handshake deadlines and keep-alive pings
	 * @param allocator parent of every request allocator
	 * @param stats the statistics
	 */
	public N6kServer(Settings settings, Executor requestExecutor, Executor writerExecutor,
			ScheduledExecutorService scheduler, BufferAllocator allocator, N6kStats stats) {
		this(settings, requestExecutor, writerExecutor, scheduler, allocator, stats, ObservationRegistry.NOOP, null);
	}

	/**
	 * Create the shared server runtime, observing every request.
	 * @param settings the limits
	 * @param requestExecutor runs request work, off the container threads
	 * @param writerExecutor runs the per-connection writers
	 * @param scheduler timers: handshake deadlines and keep-alive pings
	 * @param allocator parent of every request allocator
	 * @param stats the statistics
	 * @param observationRegistry observes each request as {@code n6k.request}
	 * @param observationConvention names and tags the observations, or {@code null} for
	 * the default
	 */
	public N6kServer(Settings settings, Executor requestExecutor, Executor writerExecutor,
			ScheduledExecutorService scheduler, BufferAllocator allocator, N6kStats stats,
			ObservationRegistry observationRegistry, @Nullable N6kRequestObservationConvention observationConvention) {
		this.observationRegistry = observationRegistry;
		this.observationConvention = observationConvention;
		this.settings = settings;
		this.requestExecutor = requestExecutor;
		this.writerExecutor = writerExecutor;
		this.scheduler = scheduler;
		this.allocator = allocator;
		this.stats = stats;
	}

	public Settings settings() {
		return this.settings;
	}

	public Executor requestExecutor() {
		return this.requestExecutor;
	}

	Executor writerExecutor() {
		return this.writerExecutor;
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	FrameBuffers frameBuffers() {
		return this.frameBuffers;
	}

	public BufferAllocator allocator() {
		return this.allocator;
	}

	public N6kStats stats() {
		return this.stats;
	}

	ObservationRegistry observationRegistry() {
		return this.observationRegistry;
	}

	@Nullable N6kRequestObservationConvention observationConvention() {
		return this.observationConvention;
	}

	/**
	 * Return whether the server is shutting down: upgrades are refused and no new request
	 * is admitted.
	 * @return whether draining
	 */
	public boolean isDraining() {
		return this.draining;
	}

	void startDraining() {
		this.draining = true;
	}

	void stopDraining() {
		this.draining = false;
	}

	/**
	 * Return the registry of live connections.
	 * @return the connections
	 */
	public N6kConnections connections() {
		return this.connections;
	}

	/**
	 * Limits of the engine.
	 *
	 * @param keepAlive interval of server PINGs; zero disables them
	 * @param helloTimeout how long a connection that needs a HELLO may go without one
	 * @param maxBinaryMessageSize largest inbound message accepted
	 * @param sendBufferHighWater queued outbound bytes at which streams pause
	 * @param sendBufferLimit queued outbound bytes at which the connection is closed
	 */
	public record Settings(Duration keepAlive, Duration helloTimeout, long maxBinaryMessageSize,
			long sendBufferHighWater, long sendBufferLimit) {
	}

}
