package io.n6k.sample.conformance;

import java.time.Duration;
import java.util.Map;

import io.n6k.access.StaticTokenVerifier;
import io.n6k.server.CatalogParameterPolicy;
import io.n6k.server.N6kEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * The conformance server's mounts (protocol §9.4): {@code /ws} (open), {@code /auth/ws}
 * (static token {@code n6k-test-token} by header, {@code ?token=} or HELLO),
 * {@code /oauth/ws} (JWTs of the mock authorization server) and {@code /tuned/ws}; PINGs
 * every {@code N6K_PING_INTERVAL} seconds (25 by default, 0 or less disables).
 */
@Configuration(proxyBeanMethods = false)
@Profile("conformance")
class ConformanceConfiguration {

	static final String TEST_TOKEN = "n6k-test-token";

	@Bean
	ConformanceSessionFactory conformanceSessionFactory() {
		return new ConformanceSessionFactory(HostGenerators.all());
	}

	@Bean
	N6kEndpoint n6kEndpoint(ConformanceSessionFactory sessions) {
		return new N6kEndpoint("/ws", new CatalogParameterPolicy(null, (catalog) -> false, keepAlive()), sessions);
	}

	@Bean
	N6kEndpoint authEndpoint(ConformanceSessionFactory sessions) {
		StaticTokenVerifier verifier = new StaticTokenVerifier(
				Map.of("test-user", new StaticTokenVerifier.Grant(TEST_TOKEN, null)));
		return new N6kEndpoint("/auth/ws", new CatalogParameterPolicy(verifier, (catalog) -> true, keepAlive()),
				sessions);
	}

	@Bean
	MockAuthorizationServer mockAuthorizationServer() {
		return new MockAuthorizationServer();
	}

	@Bean
	N6kEndpoint oauthEndpoint(ConformanceSessionFactory sessions, MockAuthorizationServer authorization) {
		return new N6kEndpoint("/oauth/ws", new CatalogParameterPolicy(authorization, (catalog) -> true, keepAlive()),
				sessions);
	}

	@Bean
	N6kEndpoint tunedEndpoint(ConformanceSessionFactory sessions) {
		return new N6kEndpoint("/tuned/ws", new TunedPolicy(keepAlive()), sessions);
	}

	@Bean
	FilterRegistrationBean<CorsFilter> conformanceCors() {
		CorsConfiguration cors = new CorsConfiguration();
		cors.addAllowedOriginPattern("*");
		cors.addAllowedMethod("*");
		cors.addAllowedHeader("*");
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	FilterRegistrationBean<HttpRequestCounter> httpRequestCounter(HttpCounts counts) {
		FilterRegistrationBean<HttpRequestCounter> registration = new FilterRegistrationBean<>(
				new HttpRequestCounter(counts));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	HttpCounts httpCounts() {
		return new HttpCounts();
	}

	/**
	 * The keep-alive interval from {@code N6K_PING_INTERVAL} (seconds, may be
	 * fractional).
	 */
	static @Nullable Duration keepAlive() {
		String raw = System.getenv("N6K_PING_INTERVAL");
		if (raw == null || raw.isBlank()) {
			return null;
		}
		try {
			double seconds = Double.parseDouble(raw.strip());
			return (seconds <= 0) ? Duration.ZERO : Duration.ofMillis(Math.round(seconds * 1000));
		}
		catch (NumberFormatException ex) {
			return Duration.ofSeconds(25);
		}
	}

}
