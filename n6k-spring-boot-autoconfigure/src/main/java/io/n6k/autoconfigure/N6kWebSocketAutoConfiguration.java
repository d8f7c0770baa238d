package io.n6k.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.n6k.access.TokenVerifier;
import io.n6k.backend.SessionFactory;
import io.n6k.server.CatalogParameterPolicy;
import io.n6k.server.N6kEndpoint;
import io.n6k.server.N6kGracefulShutdown;
import io.n6k.server.N6kServer;
import io.n6k.server.N6kWebSocketHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Auto-configuration of the n6k WebSocket endpoints: the endpoint at
 * {@code n6k.websocket.path} and any other {@link N6kEndpoint} beans, mapped through a
 * {@link WebSocketHandlerMapping} (so the application's own WebSocket configuration is
 * left alone).
 *
 * @author n6k
 * @since 0.1.0
 */
@AutoConfiguration(after = N6kAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ WebSocketHandler.class, DispatcherServlet.class })
@ConditionalOnBean(N6kServer.class)
@ConditionalOnBooleanProperty(name = "n6k.enabled", matchIfMissing = true)
public final class N6kWebSocketAutoConfiguration {

	private static final Log logger = LogFactory.getLog(N6kWebSocketAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(name = "n6kEndpoint")
	N6kEndpoint n6kEndpoint(N6kProperties properties, SessionFactory sessionFactory,
			ObjectProvider<TokenVerifier> verifier) {
		TokenVerifier tokens = verifier.getIfUnique();
		Boolean required = properties.getAuth().getRequired();
		boolean servletPrincipal = properties.getAuth().isServletPrincipal();
		if (Boolean.TRUE.equals(required) && tokens == null && !servletPrincipal) {
			throw new N6kConfigurationException("n6k.auth.required is true but no token can be checked.",
					"Configure n6k.auth.tokens, declare a TokenVerifier bean, or set n6k.auth.servlet-principal "
							+ "to accept logins of the web application.");
		}
		boolean requiredByDefault = (required != null) ? required : (tokens != null || servletPrincipal);
		Map<String, N6kProperties.Catalog> catalogs = properties.getCatalogs();
		CatalogParameterPolicy policy = new CatalogParameterPolicy(tokens, (catalog) -> {
			N6kProperties.Catalog config = catalogs.get(catalog);
			Boolean perCatalog = (config != null) ? config.getAuthRequired() : null;
			return (perCatalog != null) ? perCatalog : requiredByDefault;
		}, null, servletPrincipal);
		return new N6kEndpoint(properties.getWebsocket().getPath(), policy, sessionFactory);
	}

	@Bean
	@ConditionalOnMissingBean(name = "n6kWebSocketHandlerMapping")
	WebSocketHandlerMapping n6kWebSocketHandlerMapping(N6kServer server, ObjectProvider<N6kEndpoint> endpoints,
			N6kProperties properties) {
		List<String> origins = properties.getWebsocket().getAllowedOrigins();
		Map<String, HttpRequestHandler> urlMap = new LinkedHashMap<>();
		endpoints.orderedStream().forEach((endpoint) -> {
			WebSocketHttpRequestHandler handler = new WebSocketHttpRequestHandler(
					new N6kWebSocketHandler(server, endpoint), new DefaultHandshakeHandler());
			handler.setHandshakeInterceptors(N6kWebSocketHandler.handshakeInterceptors(origins));
			urlMap.put(endpoint.path(), handler);
			logger.info("n6k endpoint WebSocket " + endpoint.path());
		});
		WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
		mapping.setWebSocketUpgradeMatch(true);
		mapping.setUrlMap(urlMap);
		mapping.setOrder(-2);
		return mapping;
	}

	@Bean
	@ConditionalOnMissingBean
	N6kGracefulShutdown n6kGracefulShutdown(N6kServer server, Environment environment) {
		// Requests get the phase timeout less a margin in which the rest are cancelled
		// and
		// their sockets closed; server.shutdown=immediate cancels at once.
		Binder binder = Binder.get(environment);
		Duration phaseTimeout = binder.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(Duration.ofSeconds(30));
		boolean immediate = "immediate".equalsIgnoreCase(binder.bind("server.shutdown", String.class).orElse(""));
		Duration closeTimeout = Duration.ofMillis(Math.min(phaseTimeout.toMillis() / 4, 3000));
		Duration drainTimeout = immediate ? Duration.ZERO : phaseTimeout.minus(closeTimeout);
		// stop while the web server still accepts upgrades, before its own graceful
		// shutdown
		return new N6kGracefulShutdown(server, drainTimeout, closeTimeout,
				WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 512);
	}

}
