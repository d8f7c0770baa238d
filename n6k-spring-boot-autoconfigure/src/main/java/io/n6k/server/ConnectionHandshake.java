package io.n6k.server;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.n6k.access.N6kAuthenticationException;
import io.n6k.access.TokenVerifier;
import io.n6k.backend.Handshake;
import io.n6k.backend.N6kRejectException;
import io.n6k.metrics.N6kStats.Refusal;
import io.n6k.protocol.Args;
import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.Frame;
import io.n6k.protocol.FrameEncoder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * How a connection gets from its upgrade request to its sessions (protocol §4): the plan,
 * what the upgrade credentials mean for each catalog, HELLO processing with its deadline
 * and per-catalog authorization, and the audit of every refusal. Every method runs under
 * the connection's lifecycle lock, except the deadline, which takes it.
 *
 * @author n6k
 */
final class ConnectionHandshake {

	// the connection's own category, so that operators keep one logger per connection
	private static final Log logger = LogFactory.getLog(N6kConnection.class);

	private static final int FORBIDDEN = 4403;

	private final N6kConnection connection;

	private final String id;

	private final N6kEndpoint endpoint;

	private final Handshake request;

	private final UpgradeCredentials credentials;

	private final SecurityAudit audit;

	private final Outbound outbound;

	private final Object lifecycle;

	/** What the upgrade request's credentials mean for each served catalog. */
	private final Map<String, UpgradeCredentials.Outcome> upgradeOutcomes = new ConcurrentHashMap<>();

	private volatile List<String> catalogs = List.of();

	private @Nullable ConnectionPlan plan;

	private boolean helloAuthentication;

	private @Nullable ScheduledFuture<?> helloDeadline;

	ConnectionHandshake(N6kConnection connection, N6kEndpoint endpoint, Handshake request,
			UpgradeCredentials credentials, Object lifecycle) {
		this.connection = connection;
		this.id = connection.id();
		this.endpoint = endpoint;
		this.request = request;
		this.credentials = credentials;
		this.audit = connection.audit();
		this.outbound = connection.outbound();
		this.lifecycle = lifecycle;
	}

	List<String> catalogs() {
		return this.catalogs;
	}

	Handshake request() {
		return this.request;
	}

	/**
	 * Plan the connection, authenticate its upgrade request and open what it can: the
	 * only session of a single-catalog connection, or a wait for HELLO. Called under the
	 * lifecycle lock.
	 */
	void open() {
		try {
			ConnectionPlan plan = this.endpoint.policy().plan(this.request);
			this.plan = plan;
			this.catalogs = plan.catalogs();
			Principal principal = authenticateUpgrade(plan);
			if (this.connection.isClosing()) {
				return;
			}
			if (principal == null && plan.authRequired()) {
				if (plan.verifier() == null) {
					// only a login could authenticate this connection, and no HELLO token
					// can be checked
					refuseUpgrade(new UpgradeCredentials.Outcome(null, Refusal.MISSING_CREDENTIALS, credentialName(),
							"unauthorized"), plan.catalogs().get(0));
					return;
				}
				this.helloAuthentication = true;
			}
			if (this.helloAuthentication) {
				this.connection.startPinger(plan.keepAlive());
				startHelloDeadline("no FT_HELLO within " + helloTimeoutMillis()
						+ "ms; this connection requires an authorized FT_HELLO");
				return;
			}
			try {
				this.connection.connectBackend(principal);
			}
			catch (N6kRejectException ex) {
				auditApplicationRefusal(ex, principal, plan.multiplexed() ? null : plan.catalogs().get(0));
				throw ex;
			}
			if (plan.multiplexed()) {
				this.connection.startPinger(plan.keepAlive());
				startHelloDeadline("no FT_HELLO within " + helloTimeoutMillis() + "ms; this connection serves "
						+ servedList() + " and needs one named");
			}
			else {
				String catalog = plan.catalogs().get(0);
				CatalogSession session = this.connection.openSession(0, catalog, principalFor(catalog));
				this.outbound.send(FrameEncoder.helloAck(0, session.handler().capabilities()));
				// after the ack: the unprompted HELLO_ACK is the first frame (protocol
				// §4.2),
				// however long the backend took to connect
				this.connection.startPinger(plan.keepAlive());
			}
		}
		catch (N6kRejectException ex) {
			this.connection.reject(ex.closeCode(), ex.reason());
		}
		catch (RuntimeException ex) {
			logger.warn("n6k connection " + this.id + " could not be opened", ex);
			this.connection.reject(CloseStatus.SERVER_ERROR.getCode(), String.valueOf(ex.getMessage()));
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
				// anonymous clients are served here: a refused login gets no less than
				// they do
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
		this.connection.reject(N6kRejectException.UNAUTHORIZED, "unauthorized");
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

	private long helloTimeoutMillis() {
		return this.connection.server().settings().helloTimeout().toMillis();
	}

	private void startHelloDeadline(String message) {
		long millis = helloTimeoutMillis();
		this.helloDeadline = this.connection.server().scheduler().schedule(() -> {
			synchronized (this.lifecycle) {
				if (!this.connection.hasSessions() && !this.connection.hasClosed()) {
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

	void cancelDeadline() {
		ScheduledFuture<?> deadline = this.helloDeadline;
		if (deadline != null) {
			deadline.cancel(false);
		}
	}

	/** Open the session a FT_HELLO asks for, or refuse it (protocol §4.3, §4.4). */
	void onHello(Frame frame) {
		synchronized (this.lifecycle) {
			ConnectionPlan plan = this.plan;
			if (plan == null || this.connection.hasClosed()) {
				return;
			}
			long ns = frame.ns();
			Args args = frame.args();
			String requested = args.string("catalog");
			String token = args.string("token");
			String catalog;
			if (requested == null || requested.isEmpty()) {
				if (plan.multiplexed()) {
					this.outbound
						.send(FrameEncoder.helloErr(ns, ExceptionType.InvalidInputException, "this connection serves "
								+ servedList() + "; HELLO must name one in its \"catalog\" field"));
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
			if (this.connection.hasSession(ns)) {
				if (ns == 0 && !plan.multiplexed()) {
					return;
				}
				this.outbound.send(FrameEncoder.helloErr(ns, ExceptionType.InvalidInputException,
						"duplicate HELLO for ns=" + ns + "; that session is already open"));
				return;
			}
			CatalogSession session = this.connection.openSession(ns, catalog, principal);
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
			this.connection.connectBackend(principal);
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

	/**
	 * Audit a request sent where HELLO authentication is required and no session is open
	 * yet.
	 */
	void requestBeforeHello() {
		if (this.helloAuthentication && !this.connection.hasSessions()) {
			this.audit.authenticationRefused(this.id, null, singleCatalog(), credentialName(),
					Refusal.MISSING_CREDENTIALS, "request before an authorized FT_HELLO");
		}
	}

	/** Who the upgrade request authenticated, or {@code null}. */
	@Nullable String upgradePrincipalName() {
		for (UpgradeCredentials.Outcome outcome : this.upgradeOutcomes.values()) {
			Principal principal = outcome.principal();
			if (principal != null) {
				return principal.getName();
			}
		}
		return null;
	}

	String servedList() {
		return this.catalogs.size() + " catalogs (" + quotedNames() + ")";
	}

	private String quotedNames() {
		return this.catalogs.stream().map((name) -> "\"" + name + "\"").collect(Collectors.joining(", "));
	}

}
