package io.n6k.server;

import java.time.Duration;
import java.util.List;

import io.n6k.access.TokenVerifier;
import org.jspecify.annotations.Nullable;

/**
 * How one connection is served, decided from its upgrade request.
 *
 * @param catalogs catalogs served, in order; two or more make a multiplexed connection
 * @param keepAlive interval of server PINGs, or {@code null} for the server default; zero
 * disables them
 * @param verifier checks tokens of this connection, or {@code null} when none can be
 * checked
 * @param authRequired whether the connection must authenticate (by its upgrade request or
 * a HELLO) before any session opens
 * @param servletPrincipal whether a principal the web application authenticated on the
 * upgrade request (a Spring Security login, for example) is accepted as the n6k
 * principal; the verifier may still refuse it a catalog
 * ({@link TokenVerifier#verifyLogin})
 * @author n6k
 * @since 0.1.0
 */
public record ConnectionPlan(List<String> catalogs, @Nullable Duration keepAlive, @Nullable TokenVerifier verifier,
		boolean authRequired, boolean servletPrincipal) {

	public ConnectionPlan {
		catalogs = List.copyOf(catalogs);
		if (authRequired && verifier == null && !servletPrincipal) {
			throw new IllegalArgumentException("authentication is required but no TokenVerifier is given");
		}
	}

	/**
	 * Create a plan in which only n6k tokens authenticate.
	 * @param catalogs catalogs served, in order
	 * @param keepAlive interval of server PINGs, or {@code null} for the server default
	 * @param verifier checks tokens, or {@code null} when none can be checked
	 * @param authRequired whether the connection must authenticate
	 */
	public ConnectionPlan(List<String> catalogs, @Nullable Duration keepAlive, @Nullable TokenVerifier verifier,
			boolean authRequired) {
		this(catalogs, keepAlive, verifier, authRequired, false);
	}

	/**
	 * Return whether the connection serves more than one catalog.
	 * @return whether multiplexed
	 */
	public boolean multiplexed() {
		return this.catalogs.size() > 1;
	}

}
