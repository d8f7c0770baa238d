package io.n6k.access;

import java.security.Principal;
import java.time.Duration;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code n6k.auth.servlet-principal=true} without any n6k token: logins are the only
 * credential, so authentication is required by default and a connection without a login
 * is refused at once (4401), since no HELLO token could be checked.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.permissions[main.items]=read",
				"n6k.catalogs.other.path=:memory:", "n6k.catalogs.other.permissions[main.items]=read",
				"n6k.duckdb.init-sql=classpath:security.sql", "n6k.auth.servlet-principal=true" })
@Import(ServletPrincipalOnlyTests.LoginFilter.class)
@ExtendWith(OutputCaptureExtension.class)
class ServletPrincipalOnlyTests extends SocketTestSupport {

	@Test
	void aLoginOpensAnyCatalog() {
		assertThat(connect("/ws?catalog=db", Map.of("X-Test-User", "carol")).next().type()).isEqualTo(12);
		assertThat(connect("/ws?catalog=other", Map.of("X-Test-User", "carol")).next().type()).isEqualTo(12);
	}

	@Test
	void withoutALoginTheConnectionIsRefused(CapturedOutput output) {
		N6kClient client = connect("/ws?catalog=db");
		assertThat(client.awaitClose(Duration.ofSeconds(5))).isEqualTo(new N6kClient.CloseInfo(4401, "unauthorized"));
		assertThat(client.inbox()).isEmpty();
		assertThat(output).contains("principal=- catalog=db credential=none reason=missing_credentials");
	}

	/**
	 * Gives requests carrying {@code X-Test-User} a user principal, as a servlet security
	 * filter does.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class LoginFilter {

		@Bean
		FilterRegistrationBean<Filter> testLoginFilter() {
			Filter filter = (request, response, chain) -> {
				String user = ((HttpServletRequest) request).getHeader("X-Test-User");
				if (user == null) {
					chain.doFilter(request, response);
					return;
				}
				chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
					@Override
					public Principal getUserPrincipal() {
						return () -> user;
					}
				}, response);
			};
			return new FilterRegistrationBean<>(filter);
		}

	}

}
