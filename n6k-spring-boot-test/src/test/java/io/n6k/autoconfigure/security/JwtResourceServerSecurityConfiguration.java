package io.n6k.autoconfigure.security;

import java.security.Principal;
import java.util.List;

import io.n6k.access.N6kAuthenticationException;
import io.n6k.access.TokenVerifier;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Recipe of docs/security.md, "JWT resource server": the application is a resource
 * server; n6k clients present the same JWTs (header, {@code ?token=} or HELLO), checked
 * by a {@link TokenVerifier} that uses the application's {@link JwtDecoder}, and the
 * {@code n6k_catalogs} claim limits the catalogs each token opens.
 */
@Configuration(proxyBeanMethods = false)
public class JwtResourceServerSecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((
				requests) -> requests.requestMatchers(N6kRequest.toEndpoint()).permitAll().anyRequest().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		return http.build();
	}

	@Bean
	TokenVerifier jwtTokenVerifier(JwtDecoder decoder) {
		return new TokenVerifier() {

			@Override
			public Principal verify(String token, String catalog) throws N6kAuthenticationException {
				Jwt jwt;
				try {
					jwt = decoder.decode(token);
				}
				catch (JwtException ex) {
					throw new N6kAuthenticationException("unauthorized");
				}
				return authorize(new JwtAuthenticationToken(jwt), catalog);
			}

			@Override
			public @Nullable Principal verifyLogin(Principal login, String catalog) throws N6kAuthenticationException {
				return (login instanceof JwtAuthenticationToken jwt) ? authorize(jwt, catalog) : null;
			}

			private Principal authorize(JwtAuthenticationToken principal, String catalog)
					throws N6kAuthenticationException {
				List<String> catalogs = principal.getToken().getClaimAsStringList("n6k_catalogs");
				if (catalogs == null || !catalogs.contains(catalog)) {
					throw N6kAuthenticationException.catalogNotAllowed(principal.getName());
				}
				return principal;
			}

		};
	}

}
