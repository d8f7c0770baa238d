package io.n6k.autoconfigure.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Recipe of docs/security.md, "Session login": the application's login (form or Basic)
 * protects the n6k endpoint too, and {@code n6k.auth.servlet-principal=true} makes the
 * logged-in user the n6k principal.
 */
@Configuration(proxyBeanMethods = false)
public class SessionLoginSecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(N6kRequest.toEndpoint())
			.authenticated()
			.anyRequest()
			.authenticated()).formLogin(Customizer.withDefaults()).httpBasic(Customizer.withDefaults());
		return http.build();
	}

}
