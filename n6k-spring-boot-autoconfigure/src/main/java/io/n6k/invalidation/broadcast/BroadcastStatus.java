package io.n6k.invalidation.broadcast;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The state of the link to the broker: whether invalidations currently reach the other
 * instances, since when, why not, and how many could not be sent when they were made.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class BroadcastStatus {

	private final String broker;

	private final String instance;

	private final AtomicLong notBroadcast = new AtomicLong();

	private volatile boolean up;

	private volatile Instant since = Instant.now();

	private volatile @Nullable String error = "not connected yet";

	BroadcastStatus(String broker, String instance) {
		this.broker = broker;
		this.instance = instance;
	}

	/**
	 * Return the broker's name ({@code redis}, {@code postgres}).
	 * @return the name
	 */
	public String getBroker() {
		return this.broker;
	}

	/**
	 * Return the id this instance puts on its messages.
	 * @return the id
	 */
	public String getInstance() {
		return this.instance;
	}

	/**
	 * Return whether invalidations currently reach the other instances.
	 * @return whether the link is up
	 */
	public boolean isUp() {
		return this.up;
	}

	/**
	 * Return when the link last went up or down.
	 * @return the instant
	 */
	public Instant getSince() {
		return this.since;
	}

	/**
	 * Return why the link is down.
	 * @return the reason, or {@code null} when up
	 */
	public @Nullable String getError() {
		return this.error;
	}

	/**
	 * Return how many invalidations could not be broadcast when they were made (their
	 * schemas were sent once when the link returned).
	 * @return the count
	 */
	public long getNotBroadcast() {
		return this.notBroadcast.get();
	}

	boolean up() {
		boolean changed = !this.up;
		if (changed) {
			this.up = true;
			this.error = null;
			this.since = Instant.now();
		}
		return changed;
	}

	boolean down(String reason) {
		boolean changed = this.up;
		if (changed) {
			this.up = false;
			this.since = Instant.now();
		}
		this.error = reason;
		return changed;
	}

	void countNotBroadcast() {
		this.notBroadcast.incrementAndGet();
	}

	@Override
	public String toString() {
		return this.broker + " link " + (this.up ? "up" : "down (" + this.error + ")") + " since " + this.since;
	}

}
