package io.n6k.server;

import java.security.Principal;

import io.n6k.access.N6kAuthenticationException;
import io.n6k.access.TokenVerifier;
import io.n6k.metrics.N6kStats.Refusal;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The credentials of an upgrade request, and what they mean for each catalog. In order: a
 * login of the web application when the plan accepts logins
 * ({@link ConnectionPlan#servletPrincipal()}); else an n6k token from the
 * {@code Authorization} header or {@code ?token=}; else a login the verifier accepts
 * ({@link TokenVerifier#verifyLogin}). Every catalog is checked on its own, so per-token
 * and per-principal catalog limits hold for each session.
 *
 * @author n6k
 */
final class UpgradeCredentials {

	private static final Log logger = LogFactory.getLog(UpgradeCredentials.class);

	private final @Nullable Principal login;

	private final @Nullable String token;

	private final String tokenSource;

	/**
	 * Create the credentials of an upgrade request.
	 * @param login the principal the web application authenticated, or {@code null}
	 * @param token the n6k token, or {@code null}
	 * @param tokenSource where the token came from: {@code header} or {@code query}
	 */
	UpgradeCredentials(@Nullable Principal login, @Nullable String token, String tokenSource) {
		this.login = login;
		this.token = token;
		this.tokenSource = tokenSource;
	}

	@Nullable Principal login() {
		return this.login;
	}

	/**
	 * Authenticate for one catalog.
	 * @param plan the connection's plan
	 * @param catalog the catalog
	 * @return the principal, a refusal, or {@link Outcome#NONE} when no credential
	 * applies
	 */
	Outcome authenticate(ConnectionPlan plan, String catalog) {
		TokenVerifier verifier = plan.verifier();
		Principal login = this.login;
		if (login != null && plan.servletPrincipal()) {
			if (verifier == null) {
				return new Outcome(login, null, "login", null);
			}
			Outcome verified = verifyLogin(verifier, login, catalog);
			return (verified.principal() == null && verified.refusal() == null)
					? new Outcome(login, null, "login", null) : verified;
		}
		String token = this.token;
		if (token != null && verifier != null) {
			try {
				return new Outcome(verifier.verify(token, catalog), null, this.tokenSource, null);
			}
			catch (N6kAuthenticationException ex) {
				return refused(ex, this.tokenSource, Refusal.TOKEN_REJECTED);
			}
			catch (RuntimeException ex) {
				logger.warn("n6k token verifier failed", ex);
				return new Outcome(null, Refusal.VERIFIER_ERROR, this.tokenSource, "unauthorized");
			}
		}
		if (login != null && verifier != null) {
			return verifyLogin(verifier, login, catalog);
		}
		return Outcome.NONE;
	}

	private static Outcome verifyLogin(TokenVerifier verifier, Principal login, String catalog) {
		try {
			Principal principal = verifier.verifyLogin(login, catalog);
			return (principal != null) ? new Outcome(principal, null, "login", null) : Outcome.NONE;
		}
		catch (N6kAuthenticationException ex) {
			Outcome refused = refused(ex, "login", Refusal.LOGIN_REJECTED);
			return new Outcome(null, refused.refusal(), "login", refused.detail(), login.getName());
		}
		catch (RuntimeException ex) {
			logger.warn("n6k token verifier failed on a login", ex);
			return new Outcome(null, Refusal.VERIFIER_ERROR, "login", "unauthorized", login.getName());
		}
	}

	private static Outcome refused(N6kAuthenticationException ex, String credential, Refusal otherwise) {
		String principal = ex.principal();
		Refusal refusal = (principal != null) ? Refusal.CATALOG_NOT_ALLOWED : otherwise;
		return new Outcome(null, refusal, credential, String.valueOf(ex.getMessage()), principal);
	}

	/**
	 * What a credential means for one catalog: a principal, a refusal, or nothing.
	 *
	 * @param principal the authenticated principal, or {@code null}
	 * @param refusal why the credential was refused, or {@code null}
	 * @param credential how the credential came ({@code header}, {@code query},
	 * {@code login}, {@code none})
	 * @param detail the reason told to the client when refused
	 * @param refusedPrincipal the principal refused, when known
	 */
	record Outcome(@Nullable Principal principal, @Nullable Refusal refusal, String credential, @Nullable String detail,
			@Nullable String refusedPrincipal) {

		static final Outcome NONE = new Outcome(null, null, "none", null, null);

		Outcome(@Nullable Principal principal, @Nullable Refusal refusal, String credential, @Nullable String detail) {
			this(principal, refusal, credential, detail, null);
		}

		boolean authenticated() {
			return this.principal != null;
		}

		boolean isRefused() {
			return this.refusal != null;
		}

	}

}
