package io.n6k.server;

import java.util.Collection;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;

/**
 * Checks the {@code Origin} of browser upgrades against the allowed origins (same origin
 * only when none are configured). Non-browser clients are always let through: they send
 * no {@code Origin}, or a {@code ws://}/{@code wss://} one (the DuckDB extension's
 * WebSocket library does), which no browser ever sends.
 *
 * @author n6k
 */
class N6kOriginHandshakeInterceptor extends OriginHandshakeInterceptor {

	N6kOriginHandshakeInterceptor(Collection<String> allowedOrigins) {
		super(allowedOrigins);
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws Exception {
		String origin = request.getHeaders().getFirst(HttpHeaders.ORIGIN);
		if (origin == null || origin.startsWith("ws://") || origin.startsWith("wss://")) {
			return true;
		}
		return super.beforeHandshake(request, response, wsHandler, attributes);
	}

}
