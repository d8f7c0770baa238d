package io.n6k.metrics;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

import io.n6k.protocol.Op;

/**
 * The one source of the server's numbers: counters of the live connections, plus what
 * ended connections left behind. Micrometer ({@link N6kMetrics}) reads totals; the
 * conformance harness reads live sums.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class N6kStats {

	/** Request outcomes counted per op. */
	public enum Outcome {

		SUCCESS, ERROR, CANCELLED

	}

	/**
	 * Why the server refused a client, in two kinds: {@code authentication} (a connection
	 * or session was not opened) and {@code statement} (a request was refused by the
	 * grants or the SQL guard).
	 */
	public enum Refusal {

		/** No credential where one is required. */
		MISSING_CREDENTIALS(true),

		/** The verifier refused a token. */
		TOKEN_REJECTED(true),

		/** The verifier refused a login of the web application. */
		LOGIN_REJECTED(true),

		/** A valid credential whose principal may not open the catalog. */
		CATALOG_NOT_ALLOWED(true),

		/** The verifier failed. */
		VERIFIER_ERROR(true),

		/** The application's SessionFactory refused the connection (4401 or 4403). */
		REFUSED_BY_APPLICATION(true),

		/** A request answered with PermissionException. */
		NOT_PERMITTED(false),

		/** A request naming a table that is not granted (answered as a missing table). */
		NOT_GRANTED(false);

		private final boolean authentication;

		Refusal(boolean authentication) {
			this.authentication = authentication;
		}

		/**
		 * Return the kind, as tagged and logged.
		 * @return {@code authentication} or {@code statement}
		 */
		public String kind() {
			return this.authentication ? "authentication" : "statement";
		}

		/**
		 * Return the reason, as tagged and logged.
		 * @return the reason, such as {@code token_rejected}
		 */
		public String reason() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private final Set<ConnectionCounters> live = ConcurrentHashMap.newKeySet();

	private final ConnectionCounters retired = new ConnectionCounters();

	private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

	private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);

	public N6kStats() {
		for (Refusal refusal : Refusal.values()) {
			this.refusals.put(refusal, new LongAdder());
		}
	}

	/**
	 * Register the counters of a new connection.
	 * @return the counters
	 */
	public ConnectionCounters connectionOpened() {
		ConnectionCounters counters = new ConnectionCounters();
		this.live.add(counters);
		return counters;
	}

	/**
	 * Fold the counters of an ended connection into the totals.
	 * @param counters the connection's counters
	 */
	public void connectionClosed(ConnectionCounters counters) {
		if (this.live.remove(counters)) {
			this.retired.requests.add(counters.requests.sum());
			this.retired.creditPauses.add(counters.creditPauses.sum());
			this.retired.creditWaitNanos.add(counters.creditWaitNanos.sum());
			this.retired.cancels.add(counters.cancels.sum());
			this.retired.pushes.add(counters.pushes.sum());
			this.retired.bytesSent.add(counters.bytesSent.sum());
			this.retired.rowsSent.add(counters.rowsSent.sum());
		}
	}

	/**
	 * Count a finished request.
	 * @param op the op, or {@code null} for an unknown op
	 * @param outcome how it ended
	 */
	public void requestCompleted(Op op, Outcome outcome) {
		this.outcomes.computeIfAbsent(key(op, outcome), (k) -> new LongAdder()).increment();
	}

	public long requestsCompleted(Op op, Outcome outcome) {
		LongAdder adder = this.outcomes.get(key(op, outcome));
		return (adder != null) ? adder.sum() : 0;
	}

	/**
	 * Count a refusal.
	 * @param refusal why the client was refused
	 */
	public void refused(Refusal refusal) {
		Objects.requireNonNull(this.refusals.get(refusal), "every refusal has a counter").increment();
	}

	public long refusals(Refusal refusal) {
		return Objects.requireNonNull(this.refusals.get(refusal), "every refusal has a counter").sum();
	}

	public int liveConnections() {
		return this.live.size();
	}

	public long liveSessions() {
		return liveSum(ConnectionCounters::sessions);
	}

	public long liveInFlight() {
		return liveSum(ConnectionCounters::inFlight);
	}

	public long liveRequests() {
		return liveSum(ConnectionCounters::requests);
	}

	public long liveCreditPauses() {
		return liveSum(ConnectionCounters::creditPauses);
	}

	public long liveCancels() {
		return liveSum(ConnectionCounters::cancels);
	}

	public long totalRequests() {
		return total((c) -> c.requests.sum());
	}

	public long totalCreditPauses() {
		return total((c) -> c.creditPauses.sum());
	}

	public double totalCreditWaitSeconds() {
		return total((c) -> c.creditWaitNanos.sum()) / 1e9;
	}

	public long totalCancels() {
		return total((c) -> c.cancels.sum());
	}

	public long totalPushes() {
		return total((c) -> c.pushes.sum());
	}

	public long totalBytesSent() {
		return total((c) -> c.bytesSent.sum());
	}

	public long totalRowsSent() {
		return total((c) -> c.rowsSent.sum());
	}

	private long liveSum(ToLongFunction<ConnectionCounters> value) {
		long sum = 0;
		for (ConnectionCounters counters : this.live) {
			sum += value.applyAsLong(counters);
		}
		return sum;
	}

	private long total(ToLongFunction<ConnectionCounters> value) {
		return value.applyAsLong(this.retired) + liveSum(value);
	}

	private static String key(Op op, Outcome outcome) {
		return op.name() + "/" + outcome.name();
	}

}
