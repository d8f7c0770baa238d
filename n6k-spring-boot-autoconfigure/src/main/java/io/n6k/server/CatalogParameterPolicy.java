package io.n6k.server;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.n6k.access.TokenVerifier;
import io.n6k.backend.Handshake;
import io.n6k.backend.N6kRejectException;
import org.jspecify.annotations.Nullable;

/**
 * The standard policy: the client names one catalog with {@code ?catalog=}; a connection
 * without it is closed with 4400.
 *
 * @author n6k
 * @since 0.1.0
 */
public class CatalogParameterPolicy implements ConnectionPolicy {

	/** Close reason when {@code ?catalog=} is missing or empty. */
	public static final String MISSING_CATALOG = "missing required catalog (?catalog= query param)";

	private final @Nullable TokenVerifier verifier;

	private final Predicate<String> authRequired;

	private final @Nullable Duration keepAlive;

	private final boolean servletPrincipal;

	/**
	 * Create a policy in which only n6k tokens authenticate.
	 * @param verifier token verifier, or {@code null} when tokens are not checked
	 * @param authRequired whether a catalog requires authentication
	 * @param keepAlive keep-alive interval, or {@code null} for the server default
	 */
	public CatalogParameterPolicy(@Nullable TokenVerifier verifier, Predicate<String> authRequired,
			@Nullable Duration keepAlive) {
		this(verifier, authRequired, keepAlive, false);
	}

	/**
	 * Create a policy.
	 * @param verifier token verifier, or {@code null} when tokens are not checked
	 * @param authRequired whether a catalog requires authentication
	 * @param keepAlive keep-alive interval, or {@code null} for the server default
	 * @param servletPrincipal whether a principal the web application authenticated on
	 * the upgrade request is accepted as the n6k principal
	 * ({@link ConnectionPlan#servletPrincipal()})
	 */
	public CatalogParameterPolicy(@Nullable TokenVerifier verifier, Predicate<String> authRequired,
			@Nullable Duration keepAlive, boolean servletPrincipal) {
		this.verifier = verifier;
		this.authRequired = authRequired;
		this.keepAlive = keepAlive;
		this.servletPrincipal = servletPrincipal;
	}

	@Override
	public ConnectionPlan plan(Handshake handshake) throws N6kRejectException {
		String catalog = handshake.queryParameter("catalog");
		if (catalog == null || catalog.isEmpty()) {
			throw new N6kRejectException(N6kRejectException.BAD_REQUEST, MISSING_CATALOG);
		}
		boolean required = this.authRequired.test(catalog);
		boolean canAuthenticate = this.verifier != null || this.servletPrincipal;
		return new ConnectionPlan(List.of(catalog), this.keepAlive, this.verifier, required && canAuthenticate,
				this.servletPrincipal);
	}

}
