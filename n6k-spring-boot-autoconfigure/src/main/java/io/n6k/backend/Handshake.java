package io.n6k.backend;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a connecting client asked for and who it is.
 *
 * @param connectionId id of the connection, as used in logs
 * @param path request path of the upgrade
 * @param pathVariables variables captured by the endpoint's path pattern, such as
 * {@code tenant}
 * @param queryParameters decoded query parameters (tokens removed)
 * @param headers upgrade request headers (the {@code Authorization} header removed)
 * @param catalogs catalogs the connection serves, in order
 * @param principal the authenticated n6k principal, or {@code null} for an anonymous
 * connection
 * @param remoteAddress the client address, if known
 * @param servletPrincipal the principal the web application (for example Spring Security)
 * authenticated on the upgrade request, or {@code null}; it is the n6k {@code principal}
 * only when {@code n6k.auth.servlet-principal} is on or a
 * {@link io.n6k.access.TokenVerifier#verifyLogin TokenVerifier} accepts it
 * @author n6k
 * @since 0.1.0
 */
public record Handshake(String connectionId, String path, Map<String, String> pathVariables,
		Map<String, List<String>> queryParameters, Map<String, List<String>> headers, List<String> catalogs,
		@Nullable Principal principal, @Nullable InetSocketAddress remoteAddress,
		@Nullable Principal servletPrincipal) {

	/**
	 * Create a handshake without a servlet principal.
	 * @param connectionId id of the connection
	 * @param path request path of the upgrade
	 * @param pathVariables variables captured by the endpoint's path pattern
	 * @param queryParameters decoded query parameters (tokens removed)
	 * @param headers upgrade request headers (the {@code Authorization} header removed)
	 * @param catalogs catalogs the connection serves
	 * @param principal the authenticated n6k principal, or {@code null}
	 * @param remoteAddress the client address, if known
	 */
	public Handshake(String connectionId, String path, Map<String, String> pathVariables,
			Map<String, List<String>> queryParameters, Map<String, List<String>> headers, List<String> catalogs,
			@Nullable Principal principal, @Nullable InetSocketAddress remoteAddress) {
		this(connectionId, path, pathVariables, queryParameters, headers, catalogs, principal, remoteAddress, null);
	}

	/**
	 * Return the first value of a query parameter.
	 * @param name parameter name
	 * @return the value or {@code null}
	 */
	public @Nullable String queryParameter(String name) {
		List<String> values = this.queryParameters.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/**
	 * Return a copy bound to other catalogs and principal.
	 * @param catalogs the catalogs
	 * @param principal the principal
	 * @return the copy
	 */
	public Handshake with(List<String> catalogs, @Nullable Principal principal) {
		return new Handshake(this.connectionId, this.path, this.pathVariables, this.queryParameters, this.headers,
				List.copyOf(catalogs), principal, this.remoteAddress, this.servletPrincipal);
	}

}
