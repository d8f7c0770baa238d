package io.n6k.support;

import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.n6k.access.StaticTokenVerifier;
import io.n6k.backend.Handshake;
import io.n6k.backend.N6kRejectException;
import io.n6k.backend.SessionFactory;
import io.n6k.backend.SharedCatalog;
import io.n6k.server.CatalogParameterPolicy;
import io.n6k.server.ConnectionPlan;
import io.n6k.server.N6kEndpoint;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Catalogs and mounts for the engine tests: {@code mem} (in-memory users), {@code slow}
 * (the same, every scan waiting 0.5 s), {@code gen} (generators); mounts {@code /mux/ws}
 * ({@code ?catalogs=a,b}), {@code /auth/ws} (token {@code secret}, or a servlet login),
 * {@code /ping/ws} (PINGs every 200 ms) and {@code /tenant/{tenant}/ws} (records
 * handshakes).
 */
@TestConfiguration(proxyBeanMethods = false)
public class EngineTestConfiguration {

	public static final List<Handshake> handshakes = new CopyOnWriteArrayList<>();

	@Bean
	GeneratorCatalog generatorCatalog() {
		return new GeneratorCatalog();
	}

	@Bean
	SharedCatalog memCatalog() {
		return new SharedCatalog("mem", Tables.users(Duration.ZERO));
	}

	@Bean
	SharedCatalog slowCatalog() {
		return new SharedCatalog("slow", Tables.users(Duration.ofMillis(500)));
	}

	@Bean
	SharedCatalog genCatalog(GeneratorCatalog generator) {
		return new SharedCatalog("gen", generator);
	}

	@Bean
	N6kEndpoint muxEndpoint(SessionFactory sessionFactory) {
		return new N6kEndpoint("/mux/ws", (handshake) -> {
			String raw = handshake.queryParameter("catalogs");
			List<String> catalogs = new ArrayList<>();
			for (String item : ((raw != null) ? raw : "mem").split(",")) {
				if (!item.isBlank()) {
					catalogs.add(item.trim());
				}
			}
			return new ConnectionPlan(catalogs, null, null, false);
		}, sessionFactory);
	}

	@Bean
	N6kEndpoint authEndpoint(SessionFactory sessionFactory) {
		StaticTokenVerifier verifier = new StaticTokenVerifier(
				Map.of("tester", new StaticTokenVerifier.Grant("secret", null)));
		return new N6kEndpoint("/auth/ws", new CatalogParameterPolicy(verifier, (catalog) -> true, null, true),
				(handshake) -> {
					handshakes.add(handshake);
					return sessionFactory.connect(handshake);
				});
	}

	@Bean
	N6kEndpoint pingEndpoint(SessionFactory sessionFactory) {
		return new N6kEndpoint("/ping/ws", (handshake) -> {
			String interval = handshake.queryParameter("ping_ms");
			Duration keepAlive = Duration.ofMillis((interval != null) ? Long.parseLong(interval) : 200);
			return new ConnectionPlan(List.of("mem"), keepAlive, null, false);
		}, sessionFactory);
	}

	@Bean
	N6kEndpoint tenantEndpoint(SessionFactory sessionFactory) {
		return new N6kEndpoint("/tenant/{tenant}/ws", new CatalogParameterPolicy(null, (c) -> false, null),
				(handshake) -> {
					handshakes.add(handshake);
					if ("blocked".equals(handshake.pathVariables().get("tenant"))) {
						throw new N6kRejectException(4403, "tenant blocked");
					}
					return sessionFactory.connect(handshake);
				});
	}

	/**
	 * Authenticates HTTP requests carrying {@code X-Test-User} the way a servlet security
	 * filter (Spring Security) does: the request gets a user principal.
	 */
	@Bean
	org.springframework.boot.web.servlet.FilterRegistrationBean<jakarta.servlet.Filter> testSecurityFilter() {
		jakarta.servlet.Filter filter = (request, response, chain) -> {
			jakarta.servlet.http.HttpServletRequest http = (jakarta.servlet.http.HttpServletRequest) request;
			String user = http.getHeader("X-Test-User");
			if (user == null) {
				chain.doFilter(request, response);
				return;
			}
			chain.doFilter(new jakarta.servlet.http.HttpServletRequestWrapper(http) {
				@Override
				public Principal getUserPrincipal() {
					return () -> user;
				}
			}, response);
		};
		return new org.springframework.boot.web.servlet.FilterRegistrationBean<>(filter);
	}

	/**
	 * Return the principal names of recorded handshakes.
	 */
	public static List<String> principals() {
		List<String> names = new ArrayList<>();
		for (Handshake handshake : handshakes) {
			Principal principal = handshake.principal();
			names.add((principal != null) ? principal.getName() : null);
		}
		return names;
	}

}
