package io.n6k.autoconfigure.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Recipe of docs/security.md, "Token only": the n6k endpoint is permitted, so n6k tokens
 * alone authenticate n6k clients; the rest of the application keeps its own login.
 */
@Configuration(proxyBeanMethods = false)
public class TokenOnlySecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((
				requests) -> requests.requestMatchers(N6kRequest.toEndpoint()).permitAll().anyRequest().authenticated())
			.httpBasic(Customizer.withDefaults());
		return http.build();
	}

}
