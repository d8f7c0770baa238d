package io.n6k.server;

import io.n6k.access.NotGrantedException;
import io.n6k.backend.RequestContext;
import io.n6k.metrics.N6kStats;
import io.n6k.metrics.N6kStats.Refusal;
import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.N6kException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The audit trail: every refused authentication and every refused statement is logged at
 * INFO on {@code io.n6k.security} and counted per reason. Lines name the connection, the
 * principal ({@code -} when none), the catalog and the reason; never a token.
 *
 * @author n6k
 */
final class SecurityAudit {

	private static final Log logger = LogFactory.getLog("io.n6k.security");

	private final N6kStats stats;

	SecurityAudit(N6kStats stats) {
		this.stats = stats;
	}

	/**
	 * Record a refused authentication.
	 * @param connectionId the connection
	 * @param principal the principal refused, or {@code null} when unknown
	 * @param catalog the catalog asked for, or {@code null} when none was resolved
	 * @param credential how the credential came: {@code header}, {@code query},
	 * {@code hello}, {@code login} or {@code none}
	 * @param refusal the reason
	 * @param detail what the client was told (never a token)
	 */
	void authenticationRefused(String connectionId, @Nullable String principal, @Nullable String catalog,
			String credential, Refusal refusal, String detail) {
		this.stats.refused(refusal);
		if (logger.isInfoEnabled()) {
			logger.info("n6k refused authentication: connection=" + clean(connectionId) + " principal="
					+ orDash(principal) + " catalog=" + orDash(catalog) + " credential=" + credential + " reason="
					+ refusal.reason() + " detail=\"" + clean(detail) + "\"");
		}
	}

	/**
	 * Record a refused statement.
	 * @param request the request
	 * @param refusal the reason
	 * @param error the error the client got
	 */
	void statementRefused(RequestContext request, Refusal refusal, N6kException error) {
		this.stats.refused(refusal);
		if (logger.isInfoEnabled()) {
			logger.info("n6k refused statement: connection=" + clean(request.connectionId()) + " principal="
					+ orDash((request.principal() != null) ? request.principal().getName() : null) + " catalog="
					+ clean(request.catalog()) + " ns=" + request.ns() + " id=" + request.id() + " op="
					+ request.op().name() + " reason=" + refusal.reason() + " error=" + error.type().name() + " \""
					+ clean(String.valueOf(error.getMessage())) + "\"");
		}
	}

	/**
	 * Return the statement refusal an error stands for, if any.
	 * @param error the error sent to the client
	 * @return the refusal or {@code null}
	 */
	static @Nullable Refusal statementRefusal(N6kException error) {
		if (error instanceof NotGrantedException) {
			return Refusal.NOT_GRANTED;
		}
		if (error.type() == ExceptionType.PermissionException) {
			return Refusal.NOT_PERMITTED;
		}
		return null;
	}

	private static String orDash(@Nullable String value) {
		return (value != null && !value.isEmpty()) ? clean(value) : "-";
	}

	/** Keep a client-chosen value on one line, so it cannot forge log lines. */
	private static String clean(String value) {
		StringBuilder result = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			result.append((Character.isISOControl(c)) ? '?' : c);
		}
		return result.toString();
	}

}
