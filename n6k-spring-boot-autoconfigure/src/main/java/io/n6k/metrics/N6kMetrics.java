package io.n6k.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the n6k server's numbers to Micrometer: gauges for live connections, sessions and
 * in-flight requests; counters for security refusals by kind and reason, credit pauses
 * and the time spent waiting for credit, cancels, pushes, bytes and rows sent. Requests
 * are timed by the {@code n6k.request} observation
 * ({@link DefaultN6kRequestObservationConvention}).
 *
 * @author n6k
 * @since 0.1.0
 */
public class N6kMetrics implements MeterBinder {

	private final N6kStats stats;

	public N6kMetrics(N6kStats stats) {
		this.stats = stats;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("n6k.connections", this.stats, N6kStats::liveConnections)
			.description("Live n6k WebSocket connections")
			.register(registry);
		Gauge.builder("n6k.sessions", this.stats, N6kStats::liveSessions)
			.description("Open n6k sessions on live connections")
			.register(registry);
		Gauge.builder("n6k.requests.active", this.stats, N6kStats::liveInFlight)
			.description("Requests in flight")
			.register(registry);
		for (N6kStats.Refusal refusal : N6kStats.Refusal.values()) {
			FunctionCounter.builder("n6k.security.refusals", this.stats, (s) -> s.refusals(refusal))
				.description("Refused authentications and statements (logged on io.n6k.security)")
				.tag("kind", refusal.kind())
				.tag("reason", refusal.reason())
				.register(registry);
		}
		FunctionCounter.builder("n6k.credit.pauses", this.stats, N6kStats::totalCreditPauses)
			.description("Times a stream found no credit and paused")
			.register(registry);
		FunctionCounter.builder("n6k.credit.wait", this.stats, N6kStats::totalCreditWaitSeconds)
			.description("Time streams spent waiting for credit")
			.baseUnit(TimeUnit.SECONDS.name().toLowerCase())
			.register(registry);
		FunctionCounter.builder("n6k.cancels", this.stats, N6kStats::totalCancels)
			.description("CANCEL frames that hit an in-flight request")
			.register(registry);
		FunctionCounter.builder("n6k.pushes", this.stats, N6kStats::totalPushes)
			.description("PUSH frames queued")
			.register(registry);
		FunctionCounter.builder("n6k.sent.bytes", this.stats, N6kStats::totalBytesSent)
			.description("Bytes of frames sent")
			.baseUnit("bytes")
			.register(registry);
		FunctionCounter.builder("n6k.sent.rows", this.stats, N6kStats::totalRowsSent)
			.description("Rows sent in Arrow batches")
			.register(registry);
	}

}
