package io.n6k.sample.conformance;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every HTTP request (404s and the debug requests themselves included), but not
 * WebSocket upgrades or CORS preflights, as the reference harness does.
 */
final class HttpRequestCounter extends OncePerRequestFilter {

	private final HttpCounts counts;

	HttpRequestCounter(HttpCounts counts) {
		this.counts = counts;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
		if (!upgrade && !CorsUtils.isPreFlightRequest(request)) {
			this.counts.count(request.getMethod(), request.getRequestURI());
		}
		chain.doFilter(request, response);
	}

}
