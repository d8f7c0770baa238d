package io.n6k.autoconfigure.security;

import io.n6k.autoconfigure.N6kAutoConfiguration;
import io.n6k.autoconfigure.N6kWebSocketAutoConfiguration;
import io.n6k.server.CatalogParameterPolicy;
import io.n6k.server.N6kEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link N6kRequest#toEndpoint()} matches the n6k WebSocket endpoints of the application
 * context, and nothing else.
 */
class N6kRequestTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(N6kAutoConfiguration.class, N6kWebSocketAutoConfiguration.class));

	@Test
	void matchesTheConfiguredEndpointPathOnly() {
		this.contextRunner.withPropertyValues("n6k.websocket.path=/data/ws").run((context) -> {
			RequestMatcher matcher = N6kRequest.toEndpoint();
			MockServletContext servletContext = servletContext(context);
			assertThat(matcher.matches(request(servletContext, "/data/ws"))).isTrue();
			assertThat(matcher.matches(request(servletContext, "/ws"))).isFalse();
			assertThat(matcher.matches(request(servletContext, "/data/ws/more"))).isFalse();
			assertThat(matcher.matches(request(servletContext, "/data/wsx"))).isFalse();
			assertThat(matcher.matches(request(servletContext, "/login"))).isFalse();
			assertThat(matcher.matches(request(servletContext, "/"))).isFalse();
		});
	}

	@Test
	void matchesEveryEndpointBeanIncludingPathPatterns() {
		this.contextRunner.withBean("tenantEndpoint", N6kEndpoint.class, () -> new N6kEndpoint("/tenant/{tenant}/ws",
				new CatalogParameterPolicy(null, (c) -> false, null), (handshake) -> {
					throw new IllegalStateException("not connected in this test");
				}))
			.run((context) -> {
				RequestMatcher matcher = N6kRequest.toEndpoint();
				MockServletContext servletContext = servletContext(context);
				assertThat(matcher.matches(request(servletContext, "/ws"))).isTrue();
				assertThat(matcher.matches(request(servletContext, "/tenant/acme/ws"))).isTrue();
				assertThat(matcher.matches(request(servletContext, "/tenant/acme/other"))).isFalse();
				assertThat(matcher.matches(request(servletContext, "/tenant/a/b/ws"))).isFalse();
			});
	}

	@Test
	void matchesNothingWhenN6kServesNoEndpoint() {
		this.contextRunner.withPropertyValues("n6k.enabled=false").run((context) -> {
			RequestMatcher matcher = N6kRequest.toEndpoint();
			assertThat(matcher.matches(request(servletContext(context), "/ws"))).isFalse();
		});
	}

	private static MockServletContext servletContext(WebApplicationContext context) {
		MockServletContext servletContext = new MockServletContext();
		servletContext.setAttribute(WebApplicationContext.ROOT_WEB_APPLICATION_CONTEXT_ATTRIBUTE, context);
		return servletContext;
	}

	private static MockHttpServletRequest request(MockServletContext servletContext, String path) {
		MockHttpServletRequest request = new MockHttpServletRequest(servletContext, "GET", path);
		request.setServletPath(path);
		return request;
	}

}
