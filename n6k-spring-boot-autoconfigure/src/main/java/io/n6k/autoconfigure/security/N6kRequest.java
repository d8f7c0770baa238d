package io.n6k.autoconfigure.security;

import java.util.List;
import java.util.function.Supplier;

import io.n6k.server.N6kEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.security.web.servlet.ApplicationContextRequestMatcher;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.context.WebApplicationContext;

/**
 * Factory of Spring Security {@link RequestMatcher}s for n6k, in the style of Spring
 * Boot's {@code PathRequest}. For example, to let n6k tokens alone authenticate the
 * endpoint: <pre class="code">
 * http.authorizeHttpRequests((requests) -&gt; requests
 *     .requestMatchers(N6kRequest.toEndpoint()).permitAll()
 *     .anyRequest().authenticated());
 * </pre>
 *
 * @author n6k
 * @since 0.1.0
 */
public final class N6kRequest {

	private N6kRequest() {
	}

	/**
	 * Return a matcher of the n6k WebSocket endpoints: {@code n6k.websocket.path} and the
	 * path of every other {@link N6kEndpoint} bean. The paths are read from the
	 * application context at the first request.
	 * @return the matcher
	 */
	public static N6kEndpointRequestMatcher toEndpoint() {
		return new N6kEndpointRequestMatcher();
	}

	/**
	 * The request matcher of the n6k WebSocket endpoints.
	 */
	public static final class N6kEndpointRequestMatcher extends ApplicationContextRequestMatcher<ApplicationContext> {

		private volatile @Nullable RequestMatcher delegate;

		private N6kEndpointRequestMatcher() {
			super(ApplicationContext.class);
		}

		@Override
		protected boolean ignoreApplicationContext(WebApplicationContext applicationContext) {
			return hasServerNamespace(applicationContext, "management");
		}

		@Override
		protected void initialized(Supplier<ApplicationContext> context) {
			ApplicationContext applicationContext = context.get();
			// the endpoints live in the DispatcherServlet: Boot's builder knows its path
			PathPatternRequestMatcher.Builder paths = applicationContext
				.getBeanProvider(PathPatternRequestMatcher.Builder.class)
				.getIfAvailable(PathPatternRequestMatcher::withDefaults);
			List<RequestMatcher> endpoints = applicationContext.getBeanProvider(N6kEndpoint.class)
				.orderedStream()
				.map((endpoint) -> (RequestMatcher) paths.matcher(endpoint.path()))
				.toList();
			this.delegate = endpoints.isEmpty() ? (request) -> false : new OrRequestMatcher(endpoints);
		}

		@Override
		protected boolean matches(HttpServletRequest request, Supplier<ApplicationContext> context) {
			RequestMatcher delegate = this.delegate;
			Assert.state(delegate != null, "'delegate' must not be null");
			return delegate.matches(request);
		}

	}

}
