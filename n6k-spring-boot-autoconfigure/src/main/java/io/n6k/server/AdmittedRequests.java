package io.n6k.server;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.n6k.metrics.N6kStats;
import io.n6k.protocol.Args;
import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.Frame;
import io.n6k.protocol.FrameEncoder;
import io.n6k.protocol.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * The requests a connection has admitted: admission (a free request id, a server that is
 * not draining, the advertised concurrency limit), lookup for CREDIT and CANCEL, and the
 * counts that teardown and graceful shutdown wait on.
 *
 * @author n6k
 */
final class AdmittedRequests {

	private final N6kConnection connection;

	private final N6kServer server;

	private final Outbound outbound;

	private final Map<RequestKey, InFlightRequest> inFlight = new ConcurrentHashMap<>();

	private final AtomicInteger inFlightCount = new AtomicInteger();

	/** Admitted requests whose terminal frame is not queued yet. */
	private final AtomicInteger unanswered = new AtomicInteger();

	AdmittedRequests(N6kConnection connection) {
		this.connection = connection;
		this.server = connection.server();
		this.outbound = connection.outbound();
	}

	/**
	 * Admit a request of an open session and start it on a request worker, or answer it
	 * with an error.
	 * @param frame the REQ frame
	 * @param session the session it belongs to
	 */
	void admit(Frame frame, CatalogSession session) {
		Long requestId = frame.id();
		long id = (requestId != null) ? requestId : 0;
		long ns = frame.ns();
		RequestKey key = new RequestKey(ns, id);
		if (this.inFlight.containsKey(key)) {
			this.outbound
				.send(FrameEncoder.err(id, ns, ExceptionType.InvalidInputException, "req_id " + id + " in use"));
			return;
		}
		if (this.server.isDraining()) {
			this.outbound.send(FrameEncoder.err(id, ns, ExceptionType.IOException,
					"n6k server is shutting down; retry on a new connection"));
			return;
		}
		if (this.inFlightCount.get() >= Protocol.MAX_CONCURRENT_REQUESTS) {
			this.outbound.send(FrameEncoder.err(id, ns, ExceptionType.InvalidInputException,
					"too many concurrent requests on this connection (limit " + Protocol.MAX_CONCURRENT_REQUESTS
							+ ", as advertised in HELLO_ACK)"));
			return;
		}
		Long op = Args.longValue(frame.header().get("op"));
		InFlightRequest request = new InFlightRequest(this.connection, session, key, (op != null) ? op : 255, frame,
				this.server.allocator()
					.newChildAllocator("n6k-" + this.connection.id() + "-" + ns + "-" + id, 0, Long.MAX_VALUE));
		this.inFlight.put(key, request);
		this.inFlightCount.incrementAndGet();
		this.unanswered.incrementAndGet();
		this.connection.counters().requestAdmitted();
		try {
			this.server.requestExecutor().execute(request::run);
		}
		catch (RuntimeException ex) {
			request.fail(new IllegalStateException("server is busy", ex));
		}
	}

	@Nullable InFlightRequest get(RequestKey key) {
		return this.inFlight.get(key);
	}

	Collection<InFlightRequest> all() {
		return this.inFlight.values();
	}

	/** Cancel every request, or every request of one session. */
	void cancel(@Nullable Long ns) {
		for (InFlightRequest request : this.inFlight.values()) {
			if (ns == null || request.ns() == ns) {
				request.cancel();
			}
		}
	}

	boolean hasUnanswered() {
		return this.unanswered.get() > 0;
	}

	void terminalQueued() {
		this.unanswered.decrementAndGet();
	}

	boolean isEmpty() {
		return this.inFlightCount.get() == 0;
	}

	/**
	 * Forget a finished request and count its outcome.
	 * @param request the request
	 * @param outcome how it ended
	 * @return whether it was the last request in flight
	 */
	boolean finished(InFlightRequest request, N6kStats.Outcome outcome) {
		this.inFlight.remove(request.key(), request);
		this.connection.counters().requestFinished();
		this.server.stats().requestCompleted(request.op(), outcome);
		return this.inFlightCount.decrementAndGet() == 0;
	}

}
