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
import java.util.concurrent.atomic.AtomicLong;

import io.n6k.backend.ConnectionBackend;
import io.n6k.backend.Handshake;
import io.n6k.backend.N6kRejectException;
import io.n6k.metrics.ConnectionCounters;
import io.n6k.metrics.N6kStats;
import io.n6k.protocol.Args;
import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.Frame;
import io.n6k.protocol.FrameDecoder;
import io.n6k.protocol.FrameEncoder;
import io.n6k.protocol.FrameType;
import io.n6k.protocol.MalformedFrameException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * One n6k connection: routes its inbound frames to the {@link ConnectionHandshake}, its
 * sessions and its {@link AdmittedRequests} (credits, cancel), keeps it alive and tears
 * it down (protocol §1, §3, §4). Inbound frames arrive one at a time on a container
 * thread; request work runs on request workers; every outbound frame goes through the
 * connection's single writer.
 *
 * @author n6k
 */
final class N6kConnection implements LiveConnection {

	private static final Log logger = LogFactory.getLog(N6kConnection.class);

	private final String id;

	private final WebSocketSession socket;

	private final N6kServer server;

	private final N6kEndpoint endpoint;

	private final Handshake request;

	private final SecurityAudit audit;

	private final ConnectionCounters counters;

	private final Outbound outbound;

	private final MessageAssembler assembler;

	private final ConnectionHandshake handshake;

	private final Map<Long, CatalogSession> sessions = new ConcurrentHashMap<>();

	private final AdmittedRequests requests;

	private final AtomicLong pingIds = new AtomicLong();

	private final Object lifecycle = new Object();

	private volatile @Nullable ConnectionBackend backend;

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
		this.audit = new SecurityAudit(server.stats());
		this.counters = server.stats().connectionOpened();
		N6kServer.Settings settings = server.settings();
		this.outbound = new Outbound(socket, server.writerExecutor(), this.counters, settings.sendBufferHighWater(),
				settings.sendBufferLimit());
		this.assembler = new MessageAssembler(settings.maxBinaryMessageSize());
		this.handshake = new ConnectionHandshake(this, endpoint, request, credentials, this.lifecycle);
		this.requests = new AdmittedRequests(this);
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public List<String> catalogs() {
		return this.handshake.catalogs();
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

	/** Plan the connection, authenticate its upgrade request and open what it can. */
	void open() {
		this.server.connections().add(this);
		synchronized (this.lifecycle) {
			this.handshake.open();
		}
	}

	/** Whether the socket has closed (the writer may be closing before that). */
	boolean hasClosed() {
		return this.closed;
	}

	boolean hasSessions() {
		return !this.sessions.isEmpty();
	}

	boolean hasSession(long ns) {
		return this.sessions.containsKey(ns);
	}

	void connectBackend(@Nullable Principal principal) throws N6kRejectException {
		if (this.backend == null) {
			this.backend = this.endpoint.sessionFactory()
				.connect(this.request.with(this.handshake.catalogs(), principal));
		}
	}

	void reject(int code, String reason) {
		logger.debug("n6k connection " + this.id + " refused: " + code + " " + reason);
		this.outbound.closeAfterFlush(new CloseStatus(code, truncate(reason)));
	}

	void startPinger(@Nullable Duration keepAlive) {
		Duration interval = (keepAlive != null) ? keepAlive : this.server.settings().keepAlive();
		long millis = interval.toMillis();
		if (millis > 0) {
			this.pinger = this.server.scheduler()
				.scheduleAtFixedRate(() -> this.outbound.send(FrameEncoder.ping(this.pingIds.incrementAndGet())),
						millis, millis, TimeUnit.MILLISECONDS);
		}
	}

	// ---------------------------------------------------------------- inbound

	void onMessagePart(ByteBuffer part, boolean last) {
		ByteBuffer message;
		try {
			message = this.assembler.add(part, last);
		}
		catch (MessageAssembler.MessageTooBigException ex) {
			this.outbound.closeNow(CloseStatus.TOO_BIG_TO_PROCESS
				.withReason("message larger than " + this.server.settings().maxBinaryMessageSize() + " bytes"));
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
			case FrameType.HELLO -> this.handshake.onHello(frame);
			case FrameType.PING -> {
				Long pingId = frame.id();
				this.outbound.send(FrameEncoder.pong((pingId != null) ? pingId : 0));
			}
			default -> {
				// PONG and frames a client never sends are ignored, as is a missing t.
			}
		}
	}

	CatalogSession openSession(long ns, String catalog, @Nullable Principal principal) {
		ConnectionBackend backend = this.backend;
		if (backend == null) {
			throw new IllegalStateException("no backend");
		}
		CatalogSession session = new CatalogSession(ns, catalog, backend.handler(catalog), principal);
		this.sessions.put(ns, session);
		this.counters.sessionOpened();
		return session;
	}

	private void onRequest(Frame frame) {
		Long requestId = frame.id();
		long id = (requestId != null) ? requestId : 0;
		long ns = frame.ns();
		CatalogSession session = this.sessions.get(ns);
		if (session == null) {
			String message = (ns == 0) ? "this connection serves " + this.handshake.servedList()
					+ "; send FT_HELLO with an `ns` and a `catalog` first" : "unknown session ns=" + ns;
			this.handshake.requestBeforeHello();
			this.outbound.send(FrameEncoder.err(id, ns, ExceptionType.InvalidInputException, message));
			return;
		}
		this.requests.admit(frame, session);
	}

	private void onCredit(Frame frame) {
		Long id = frame.id();
		Long n = Args.longValue(frame.header().get("n"));
		if (id == null || n == null) {
			return;
		}
		InFlightRequest request = this.requests.get(new RequestKey(frame.ns(), id));
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
		InFlightRequest request = this.requests.get(new RequestKey(ns, id));
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
		this.requests.cancel(ns);
	}

	void onTextMessage() {
		// Text is not part of n6k: end the connection, as the reference does, without
		// parsing it.
		this.outbound.closeAfterFlush(CloseStatus.NOT_ACCEPTABLE.withReason("n6k frames are binary"));
	}

	// ---------------------------------------------------------------- outbound API

	@Override
	public int pushInvalidation(String catalog, List<String> schemas) {
		if (isClosing() || schemas.isEmpty()) {
			return 0;
		}
		int sent = 0;
		for (CatalogSession session : new ArrayList<>(this.sessions.values())) {
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
		for (CatalogSession session : this.sessions.values()) {
			Principal principal = session.principal();
			sessions.add(new ConnectionInfo.SessionInfo(session.ns(), session.catalog(),
					(principal != null) ? principal.getName() : null));
		}
		sessions.sort(Comparator.comparingLong(ConnectionInfo.SessionInfo::ns));
		List<ConnectionInfo.RequestInfo> requests = new ArrayList<>();
		for (InFlightRequest request : this.requests.all()) {
			requests.add(request.info());
		}
		requests.sort(Comparator.comparingLong(ConnectionInfo.RequestInfo::ns)
			.thenComparingLong(ConnectionInfo.RequestInfo::id));
		return new ConnectionInfo(this.id, this.request.path(),
				(remote != null) ? remote.getHostString() + ":" + remote.getPort() : null, principalName(sessions),
				this.handshake.catalogs(), sessions, requests, this.outbound.queuedBytes(), isClosing());
	}

	/** Who the upgrade request authenticated, else who opened the first session. */
	/** Who the upgrade request authenticated, else who opened the first session. */
	private @Nullable String principalName(List<ConnectionInfo.SessionInfo> sessions) {
		String upgraded = this.handshake.upgradePrincipalName();
		if (upgraded != null) {
			return upgraded;
		}
		return sessions.stream()
			.map(ConnectionInfo.SessionInfo::principal)
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

	// ---------------------------------------------------------------- shutdown

	/**
	 * While the server drains: close with 1001 once every admitted request has queued its
	 * terminal frame.
	 * @return whether the connection has no unanswered request (and is now closing)
	 */
	boolean closeIfIdle() {
		if (this.requests.hasUnanswered()) {
			return false;
		}
		this.outbound.closeAfterFlush(CloseStatus.GOING_AWAY.withReason("going away"));
		return true;
	}

	/** Stop every request of the connection, as CANCEL does (DuckDB is interrupted). */
	void cancelAll() {
		this.requests.cancel(null);
	}

	void terminalQueued() {
		this.requests.terminalQueued();
	}

	// ---------------------------------------------------------------- teardown

	void requestFinished(InFlightRequest request, N6kStats.Outcome outcome) {
		if (this.requests.finished(request, outcome) && this.closed) {
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
			this.handshake.cancelDeadline();
			cancelTimer(this.pinger);
		}
		this.outbound.closeNow(CloseStatus.NORMAL);
		this.outbound.socketClosed();
		this.server.connections().remove(this);
		this.requests.cancel(null);
		this.server.stats().connectionClosed(this.counters);
		if (this.requests.isEmpty()) {
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