package io.n6k.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.n6k.access.N6kAuthenticationException;
import io.n6k.access.TokenVerifier;
import io.n6k.backend.ConnectionBackend;
import io.n6k.backend.Handshake;
import io.n6k.backend.N6kRejectException;
import io.n6k.metrics.ConnectionCounters;
import io.n6k.metrics.N6kStats;
import io.n6k.metrics.N6kStats.Refusal;
import io.n6k.protocol.Args;
import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.Frame;
import io.n6k.protocol.FrameDecoder;
import io.n6k.protocol.FrameEncoder;
import io.n6k.protocol.FrameType;
import io.n6k.protocol.MalformedFrameException;
import io.n6k.protocol.Protocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * One n6k connection: handshake and authentication, sessions, admission, credits,
 * cancel, keep-alive and teardown (protocol §1, §3, §4). Inbound frames arrive one at a
 * time on a container thread; request work runs on request workers; every outbound
 * frame goes through the connection's single writer.
 *
 * @author n6k
 */
final class N6kConnection implements LiveConnection {

	private static final Log logger = LogFactory.getLog(N6kConnection.class);

	private static final int FORBIDDEN = 4403;

	private final String id;

	private final WebSocketSession socket;

	private final N6kServer server;

	private final N6kEndpoint endpoint;

	private final Handshake request;

	private final UpgradeCredentials credentials;

	private final SecurityAudit audit;

	/** What the upgrade request's credentials mean for each served catalog. */
	private final Map<String, UpgradeCredentials.Outcome> upgradeOutcomes = new ConcurrentHashMap<>();

	private final ConnectionCounters counters;

	private final Outbound outbound;

	private final MessageAssembler assembler;

	private final Map<Long, Session> sessions = new ConcurrentHashMap<>();

	private final Map<RequestKey, InFlightRequest> inFlight = new ConcurrentHashMap<>();

	private final AtomicInteger inFlightCount = new AtomicInteger();

	/** Admitted requests whose terminal frame is not queued yet. */
	private final AtomicInteger unanswered = new AtomicInteger();

	private final AtomicLong pingIds = new AtomicLong();

	private final Object lifecycle = new Object();

	private volatile List<String> catalogs = List.of();

	private @Nullable ConnectionPlan plan;

	private volatile @Nullable ConnectionBackend backend;

	private boolean helloAuthentication;

	private @Nullable ScheduledFuture<?> helloDeadline;

	private @Nullable ScheduledFuture<?> pinger;

	private volatile boolean closed;

	private boolean backendReleased;

	N6kConnection(WebSocketSession socket, N6kServer server, N6kEndpoint endpoint, Handshake request,
			UpgradeCredentials credentials) {
		this.id = request.connectionId();
		this.socket = socket;
		this.server = server;
		this.endpoint = endpoint;
		this.request = request;
		this.credentials = credentials;
		this.audit = new SecurityAudit(server.stats());
		this.counters = server.stats().connectionOpened();
		N6kServer.Settings settings = server.settings();
		this.outbound = new Outbound(socket, server.writerExecutor(), this.counters, settings.sendBufferHighWater(),
				settings.sendBufferLimit());
		this.assembler = new MessageAssembler(settings.maxBinaryMessageSize());
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public List<String> catalogs() {
		return this.catalogs;
	}

	@Override
	public Optional<ConnectionBackend> backend() {
		return Optional.ofNullable(this.backend);
	}

	@Override
	public boolean isClosing() {
		return this.closed || this.outbound.isClosing();
	}

	N6kServer server() {
		return this.server;
	}

	Outbound outbound() {
		return this.outbound;
	}

	ConnectionCounters counters() {
		return this.counters;
	}

	SecurityAudit audit() {
		return this.audit;
	}

	// ---------------------------------------------------------------- connect

	/** Plan the connection, authenticate its upgrade request and open what it can. */
	void open() {
		this.server.connections().add(this);
		synchronized (this.lifecycle) {
			try {
				ConnectionPlan plan = this.endpoint.policy().plan(this.request);
				this.plan = plan;
				this.catalogs = plan.catalogs();
				Principal principal = authenticateUpgrade(plan);
				if (this.closed || this.outbound.isClosing()) {
					return;
				}
				if (principal == null && plan.authRequired()) {
					if (plan.verifier() == null) {
						// only a login could authenticate this connection, and no HELLO token can be checked
						refuseUpgrade(new UpgradeCredentials.Outcome(null, Refusal.MISSING_CREDENTIALS,
								credentialName(), "unauthorized"), plan.catalogs().get(0));
						return;
					}
					this.helloAuthentication = true;
				}
				if (this.helloAuthentication) {
					startPinger(plan.keepAlive());
					startHelloDeadline("no FT_HELLO within " + helloTimeoutMillis()
							+ "ms; this connection requires an authorized FT_HELLO");
					return;
				}
				try {
					connectBackend(principal);
				}
				catch (N6kRejectException ex) {
					auditApplicationRefusal(ex, principal, plan.multiplexed() ? null : plan.catalogs().get(0));
					throw ex;
				}
				if (plan.multiplexed()) {
					startPinger(plan.keepAlive());
					startHelloDeadline("no FT_HELLO within " + helloTimeoutMillis() + "ms; this connection serves "
							+ servedList() + " and needs one named");
				}
				else {
					String catalog = plan.catalogs().get(0);
					Session session = openSession(0, catalog, principalFor(catalog));
					this.outbound.send(FrameEncoder.helloAck(0, session.handler().capabilities()));
					// after the ack: the unprompted HELLO_ACK is the first frame (protocol §4.2),
					// however long the backend took to connect
					startPinger(plan.keepAlive());
				}
			}
			catch (N6kRejectException ex) {
				reject(ex.closeCode(), ex.reason());
			}
			catch (RuntimeException ex) {
				logger.warn("n6k connection " + this.id + " could not be opened", ex);
				reject(CloseStatus.SERVER_ERROR.getCode(), String.valueOf(ex.getMessage()));
			}
		}
	}

	/**
	 * Work out what the upgrade request's credentials mean for every served catalog.
	 * Return the principal of the first catalog they open, or {@code null}; refuse the
	 * connection (4401) when they are refused for every catalog.
	 */
	private @Nullable Principal authenticateUpgrade(ConnectionPlan plan) {
		Principal principal = null;
		String refusedCatalog = null;
		UpgradeCredentials.Outcome refusal = null;
		for (String catalog : plan.catalogs()) {
			UpgradeCredentials.Outcome outcome = this.credentials.authenticate(plan, catalog);
			if (outcome.isRefused() && outcome.credential().equals("login") && !plan.authRequired()) {
				// anonymous clients are served here: a refused login gets no less than they do
				outcome = UpgradeCredentials.Outcome.NONE;
			}
			this.upgradeOutcomes.put(catalog, outcome);
			if (principal == null && outcome.authenticated()) {
				principal = outcome.principal();
			}
			if (refusal == null && outcome.isRefused()) {
				refusal = outcome;
				refusedCatalog = catalog;
			}
		}
		if (principal == null && refusal != null && refusedCatalog != null) {
			refuseUpgrade(refusal, refusedCatalog);
		}
		return principal;
	}

	private @Nullable Principal principalFor(String catalog) {
		UpgradeCredentials.Outcome outcome = this.upgradeOutcomes.get(catalog);
		return (outcome != null) ? outcome.principal() : null;
	}

	private void refuseUpgrade(UpgradeCredentials.Outcome refusal, String catalog) {
		Refusal reason = (refusal.refusal() != null) ? refusal.refusal() : Refusal.MISSING_CREDENTIALS;
		this.audit.authenticationRefused(this.id, refusal.refusedPrincipal(), catalog, refusal.credential(), reason,
				(refusal.detail() != null) ? refusal.detail() : "unauthorized");
		reject(N6kRejectException.UNAUTHORIZED, "unauthorized");
	}

	private void auditApplicationRefusal(N6kRejectException ex, @Nullable Principal principal,
			@Nullable String catalog) {
		if (ex.closeCode() == N6kRejectException.UNAUTHORIZED || ex.closeCode() == FORBIDDEN) {
			this.audit.authenticationRefused(this.id, (principal != null) ? principal.getName() : null, catalog,
					credentialName(), Refusal.REFUSED_BY_APPLICATION, ex.reason());
		}
	}

	private String credentialName() {
		return (this.credentials.login() != null) ? "ignored-login" : "none";
	}

	private void connectBackend(@Nullable Principal principal) throws N6kRejectException {
		if (this.backend == null) {
			this.backend = this.endpoint.sessionFactory().connect(this.request.with(this.catalogs, principal));
		}
	}

	private void reject(int code, String reason) {
		logger.debug("n6k connection " + this.id + " refused: " + code + " " + reason);
		this.outbound.closeAfterFlush(new CloseStatus(code, truncate(reason)));
	}

	private void startPinger(@Nullable Duration keepAlive) {
		Duration interval = (keepAlive != null) ? keepAlive : this.server.settings().keepAlive();
		long millis = interval.toMillis();
		if (millis > 0) {
			this.pinger = this.server.scheduler()
				.scheduleAtFixedRate(() -> this.outbound.send(FrameEncoder.ping(this.pingIds.incrementAndGet())),
						millis, millis, TimeUnit.MILLISECONDS);
		}
	}

	private long helloTimeoutMillis() {
		return this.server.settings().helloTimeout().toMillis();
	}

	private void startHelloDeadline(String message) {
		long millis = helloTimeoutMillis();
		this.helloDeadline = this.server.scheduler().schedule(() -> {
			synchronized (this.lifecycle) {
				if (this.sessions.isEmpty() && !this.closed) {
					if (this.helloAuthentication) {
						this.audit.authenticationRefused(this.id, null, singleCatalog(), credentialName(),
								Refusal.MISSING_CREDENTIALS, message);
					}
					this.outbound.send(FrameEncoder.helloErr(0, ExceptionType.InvalidInputException, message));
					this.outbound.closeAfterFlush(CloseStatus.NORMAL);
				}
			}
		}, millis, TimeUnit.MILLISECONDS);
	}

	// ---------------------------------------------------------------- inbound

	void onMessagePart(ByteBuffer part, boolean last) {
		ByteBuffer message;
		try {
			message = this.assembler.add(part, last);
		}
		catch (MessageAssembler.MessageTooBigException ex) {
			this.outbound.closeNow(CloseStatus.TOO_BIG_TO_PROCESS.withReason("message larger than "
					+ this.server.settings().maxBinaryMessageSize() + " bytes"));
			return;
		}
		if (message != null) {
			onMessage(message);
		}
	}

	private void onMessage(ByteBuffer message) {
		Frame frame;
		try {
			frame = FrameDecoder.decode(message);
		}
		catch (MalformedFrameException ex) {
			logger.debug("n6k connection " + this.id + " sent a malformed frame: " + ex.getMessage());
			this.outbound.closeAfterFlush(CloseStatus.NORMAL);
			return;
		}
		if (this.outbound.isClosing()) {
			return;
		}
		switch (frame.type()) {
			case FrameType.REQ -> onRequest(frame);
			case FrameType.CREDIT -> onCredit(frame);
			case FrameType.CANCEL -> onCancel(frame);
			case FrameType.HELLO -> onHello(frame);
			case FrameType.PING -> {
				Long pingId = frame.id();
				this.outbound.send(FrameEncoder.pong((pingId != null) ? pingId : 0));
			}
			default -> {
				// PONG and frames a client never sends are ignored, as is a missing t.
			}
		}
	}

	private void onHello(Frame frame) {
		synchronized (this.lifecycle) {
			ConnectionPlan plan = this.plan;
			if (plan == null || this.closed) {
				return;
			}
			long ns = frame.ns();
			Args args = frame.args();
			String requested = args.string("catalog");
			String token = args.string("token");
			String catalog;
			if (requested == null || requested.isEmpty()) {
				if (plan.multiplexed()) {
					this.outbound.send(FrameEncoder.helloErr(ns, ExceptionType.InvalidInputException,
							"this connection serves " + servedList()
									+ "; HELLO must name one in its \"catalog\" field"));
					return;
				}
				catalog = plan.catalogs().get(0);
			}
			else if (!plan.catalogs().contains(requested)) {
				this.outbound.send(FrameEncoder.helloErr(ns, ExceptionType.InvalidInputException, "catalog \""
						+ requested + "\" is not served by this connection (serving " + quotedNames() + ")"));
				return;
			}
			else {
				catalog = requested;
			}
			Principal principal;
			if (this.helloAuthentication) {
				principal = authorizeHello(plan, ns, catalog, token);
				if (principal == null) {
					return;
				}
			}
			else {
				UpgradeCredentials.Outcome outcome = this.upgradeOutcomes.get(catalog);
				if (outcome != null && outcome.isRefused()) {
					// the upgrade credential is valid, but not for this catalog
					this.audit.authenticationRefused(this.id, outcome.refusedPrincipal(), catalog, outcome.credential(),
							(outcome.refusal() != null) ? outcome.refusal() : Refusal.CATALOG_NOT_ALLOWED,
							(outcome.detail() != null) ? outcome.detail() : "unauthorized");
					failHello(ns, (outcome.detail() != null) ? outcome.detail() : "unauthorized");
					return;
				}
				principal = (outcome != null) ? outcome.principal() : null;
				if (principal == null && plan.authRequired()) {
					this.audit.authenticationRefused(this.id, null, catalog, credentialName(),
							Refusal.MISSING_CREDENTIALS, "unauthorized");
					failHello(ns, "unauthorized");
					return;
				}
			}
			if (this.sessions.containsKey(ns)) {
				if (ns == 0 && !plan.multiplexed()) {
					return;
				}
				this.outbound.send(FrameEncoder.helloErr(ns, ExceptionType.InvalidInputException,
						"duplicate HELLO for ns=" + ns + "; that session is already open"));
				return;
			}
			Session session = openSession(ns, catalog, principal);
			ScheduledFuture<?> deadline = this.helloDeadline;
			if (deadline != null) {
				deadline.cancel(false);
			}
			this.outbound.send(FrameEncoder.helloAck(ns, session.handler().capabilities()));
		}
	}

	/**
	 * Run the verifier on a HELLO token (protocol §4.4 step 2). Return the principal, or
	 * {@code null} after refusing the HELLO and ending the connection.
	 */
	private @Nullable Principal authorizeHello(ConnectionPlan plan, long ns, String catalog, @Nullable String token) {
		TokenVerifier verifier = plan.verifier();
		if (verifier == null) {
			failHello(ns, "unauthorized");
			return null;
		}
		Principal principal;
		try {
			principal = verifier.verify((token != null) ? token : "", catalog);
		}
		catch (N6kAuthenticationException ex) {
			String reason = String.valueOf(ex.getMessage());
			Refusal refusal = (ex.principal() != null) ? Refusal.CATALOG_NOT_ALLOWED
					: (token == null || token.isEmpty()) ? Refusal.MISSING_CREDENTIALS : Refusal.TOKEN_REJECTED;
			this.audit.authenticationRefused(this.id, ex.principal(), catalog, "hello", refusal, reason);
			failHello(ns, reason);
			return null;
		}
		catch (RuntimeException ex) {
			logger.warn("n6k connection " + this.id + " could not authorize a HELLO", ex);
			this.audit.authenticationRefused(this.id, null, catalog, "hello", Refusal.VERIFIER_ERROR, "unauthorized");
			failHello(ns, "unauthorized");
			return null;
		}
		try {
			connectBackend(principal);
		}
		catch (N6kRejectException ex) {
			auditApplicationRefusal(ex, principal, catalog);
			failHello(ns, ex.reason());
			return null;
		}
		catch (RuntimeException ex) {
			logger.warn("n6k connection " + this.id + " could not authorize a HELLO", ex);
			failHello(ns, "unauthorized");
			return null;
		}
		return principal;
	}

	private @Nullable String singleCatalog() {
		List<String> served = this.catalogs;
		return (served.size() == 1) ? served.get(0) : null;
	}

	private void failHello(long ns, String reason) {
		this.outbound.send(FrameEncoder.helloErr(ns, ExceptionType.InvalidInputException, reason));
		this.outbound.closeAfterFlush(CloseStatus.NORMAL);
	}

	private Session openSession(long ns, String catalog, @Nullable Principal principal) {
		ConnectionBackend backend = this.backend;
		if (backend == null) {
			throw new IllegalStateException("no backend");
		}
		Session session = new Session(ns, catalog, backend.handler(catalog), principal);
		this.sessions.put(ns, session);
		this.counters.sessionOpened();
		return session;
	}

	private void onRequest(Frame frame) {
		Long requestId = frame.id();
		long id = (requestId != null) ? requestId : 0;
		long ns = frame.ns();
		Session session = this.sessions.get(ns);
		if (session == null) {
			String message = (ns == 0) ? "this connection serves " + servedList()
					+ "; send FT_HELLO with an `ns` and a `catalog` first" : "unknown session ns=" + ns;
			if (this.helloAuthentication && this.sessions.isEmpty()) {
				this.audit.authenticationRefused(this.id, null, singleCatalog(), credentialName(),
						Refusal.MISSING_CREDENTIALS, "request before an authorized FT_HELLO");
			}
			this.outbound.send(FrameEncoder.err(id, ns, ExceptionType.InvalidInputException, message));
			return;
		}
		RequestKey key = new RequestKey(ns, id);
		if (this.inFlight.containsKey(key)) {
			this.outbound.send(FrameEncoder.err(id, ns, ExceptionType.InvalidInputException, "req_id " + id + " in use"));
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
		InFlightRequest request = new InFlightRequest(this, session, key, (op != null) ? op : 255, frame,
				this.server.allocator().newChildAllocator("n6k-" + this.id + "-" + ns + "-" + id, 0, Long.MAX_VALUE));
		this.inFlight.put(key, request);
		this.inFlightCount.incrementAndGet();
		this.unanswered.incrementAndGet();
		this.counters.requestAdmitted();
		try {
			this.server.requestExecutor().execute(request::run);
		}
		catch (RuntimeException ex) {
			request.fail(new IllegalStateException("server is busy", ex));
		}
	}

	private void onCredit(Frame frame) {
		Long id = frame.id();
		Long n = Args.longValue(frame.header().get("n"));
		if (id == null || n == null) {
			return;
		}
		InFlightRequest request = this.inFlight.get(new RequestKey(frame.ns(), id));
		if (request != null) {
			request.addCredits(n);
		}
	}

	private void onCancel(Frame frame) {
		Long requestId = frame.id();
		long id = (requestId != null) ? requestId : 0;
		long ns = frame.ns();
		if (id == 0 && ns != 0) {
			closeSession(ns);
			return;
		}
		InFlightRequest request = this.inFlight.get(new RequestKey(ns, id));
		if (request != null) {
			this.counters.cancel();
			request.cancel();
		}
	}

	private void closeSession(long ns) {
		synchronized (this.lifecycle) {
			if (this.sessions.remove(ns) == null) {
				return;
			}
			this.counters.sessionClosed();
		}
		for (InFlightRequest request : this.inFlight.values()) {
			if (request.ns() == ns) {
				request.cancel();
			}
		}
	}

	void onTextMessage() {
		// Text is not part of n6k: end the connection, as the reference does, without parsing it.
		this.outbound.closeAfterFlush(CloseStatus.NOT_ACCEPTABLE.withReason("n6k frames are binary"));
	}

	// ---------------------------------------------------------------- outbound API

	@Override
	public int pushInvalidation(String catalog, List<String> schemas) {
		if (isClosing() || schemas.isEmpty()) {
			return 0;
		}
		int sent = 0;
		for (Session session : new ArrayList<>(this.sessions.values())) {
			if (session.catalog().equals(catalog) && this.outbound.send(FrameEncoder.push(session.ns(), schemas))) {
				this.counters.push();
				sent++;
			}
		}
		return sent;
	}

	@Override
	public long queuedBytes() {
		return this.outbound.queuedBytes();
	}

	@Override
	public void close(int code, String reason) {
		this.outbound.closeNow(new CloseStatus(code, truncate(reason)));
	}

	@Override
	public ConnectionInfo info() {
		InetSocketAddress remote = this.request.remoteAddress();
		List<ConnectionInfo.SessionInfo> sessions = new ArrayList<>();
		for (Session session : this.sessions.values()) {
			Principal principal = session.principal();
			sessions.add(new ConnectionInfo.SessionInfo(session.ns(), session.catalog(),
					(principal != null) ? principal.getName() : null));
		}
		sessions.sort(Comparator.comparingLong(ConnectionInfo.SessionInfo::ns));
		List<ConnectionInfo.RequestInfo> requests = new ArrayList<>();
		for (InFlightRequest request : this.inFlight.values()) {
			requests.add(request.info());
		}
		requests.sort(Comparator.comparingLong(ConnectionInfo.RequestInfo::ns)
			.thenComparingLong(ConnectionInfo.RequestInfo::id));
		return new ConnectionInfo(this.id, this.request.path(),
				(remote != null) ? remote.getHostString() + ":" + remote.getPort() : null, principalName(sessions),
				this.catalogs, sessions, requests, this.outbound.queuedBytes(), isClosing());
	}

	/** Who the upgrade request authenticated, else who opened the first session. */
	private @Nullable String principalName(List<ConnectionInfo.SessionInfo> sessions) {
		for (UpgradeCredentials.Outcome outcome : this.upgradeOutcomes.values()) {
			Principal principal = outcome.principal();
			if (principal != null) {
				return principal.getName();
			}
		}
		return sessions.stream().map(ConnectionInfo.SessionInfo::principal).filter(Objects::nonNull).findFirst()
			.orElse(null);
	}

	// ---------------------------------------------------------------- shutdown

	/**
	 * While the server drains: close with 1001 once every admitted request has queued
	 * its terminal frame.
	 * @return whether the connection has no unanswered request (and is now closing)
	 */
	boolean closeIfIdle() {
		if (this.unanswered.get() > 0) {
			return false;
		}
		this.outbound.closeAfterFlush(CloseStatus.GOING_AWAY.withReason("going away"));
		return true;
	}

	/** Stop every request of the connection, as CANCEL does (DuckDB is interrupted). */
	void cancelAll() {
		for (InFlightRequest request : this.inFlight.values()) {
			request.cancel();
		}
	}

	void terminalQueued() {
		this.unanswered.decrementAndGet();
	}

	// ---------------------------------------------------------------- teardown

	void requestFinished(InFlightRequest request, N6kStats.Outcome outcome) {
		this.inFlight.remove(request.key(), request);
		this.counters.requestFinished();
		this.server.stats().requestCompleted(request.op(), outcome);
		if (this.inFlightCount.decrementAndGet() == 0 && this.closed) {
			releaseBackend();
		}
	}

	/** The socket has closed: stop everything and release what the connection holds. */
	void onClosed() {
		synchronized (this.lifecycle) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			cancelTimer(this.helloDeadline);
			cancelTimer(this.pinger);
		}
		this.outbound.closeNow(CloseStatus.NORMAL);
		this.server.connections().remove(this);
		for (InFlightRequest request : this.inFlight.values()) {
			request.cancel();
		}
		this.server.stats().connectionClosed(this.counters);
		if (this.inFlightCount.get() == 0) {
			releaseBackend();
		}
	}

	private void releaseBackend() {
		ConnectionBackend backend;
		synchronized (this.lifecycle) {
			if (this.backendReleased) {
				return;
			}
			this.backendReleased = true;
			backend = this.backend;
		}
		if (backend != null) {
			try {
				backend.close();
			}
			catch (RuntimeException ex) {
				logger.warn("n6k connection " + this.id + ": backend close failed", ex);
			}
		}
	}

	private static void cancelTimer(@Nullable ScheduledFuture<?> timer) {
		if (timer != null) {
			timer.cancel(false);
		}
	}

	// ---------------------------------------------------------------- messages

	private String servedList() {
		return this.catalogs.size() + " catalogs (" + quotedNames() + ")";
	}

	private String quotedNames() {
		return this.catalogs.stream().map((name) -> "\"" + name + "\"").collect(Collectors.joining(", "));
	}

	private static String truncate(String reason) {
		// A close reason is at most 123 bytes of UTF-8.
		byte[] bytes = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		if (bytes.length <= 123) {
			return reason;
		}
		String cut = new String(bytes, 0, 123, java.nio.charset.StandardCharsets.UTF_8);
		while (cut.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
			cut = cut.substring(0, cut.length() - 1);
		}
		return cut;
	}

}
