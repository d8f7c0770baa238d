package io.n6k.server;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.n6k.backend.Handshake;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The Spring {@link WebSocketHandler} of one n6k endpoint. It turns each WebSocket into
 * an n6k connection; the protocol itself lives in the connection.
 *
 * @author n6k
 * @since 0.1.0
 */
public class N6kWebSocketHandler implements WebSocketHandler {

	private static final Log logger = LogFactory.getLog(N6kWebSocketHandler.class);

	/** WebSocket session attribute holding the path variables of the endpoint pattern. */
	static final String PATH_VARIABLES_ATTRIBUTE = N6kWebSocketHandler.class.getName() + ".pathVariables";

	private static final String CONNECTION_ATTRIBUTE = N6kWebSocketHandler.class.getName() + ".connection";

	private static final String BEARER = "Bearer ";

	private final N6kServer server;

	private final N6kEndpoint endpoint;

	public N6kWebSocketHandler(N6kServer server, N6kEndpoint endpoint) {
		this.server = server;
		this.endpoint = endpoint;
	}

	/**
	 * Return the interceptors an n6k endpoint's WebSocket handshake needs: the path
	 * variables the endpoint's pattern captured go into the session, and only the allowed
	 * origins may connect.
	 * @param allowedOrigins the origins allowed to connect
	 * @return the interceptors, in order
	 */
	public static List<HandshakeInterceptor> handshakeInterceptors(Collection<String> allowedOrigins) {
		return List.of(new PathVariablesHandshakeInterceptor(), new N6kOriginHandshakeInterceptor(allowedOrigins));
	}

	/**
	 * Return the endpoint this handler serves.
	 * @return the endpoint
	 */
	public N6kEndpoint endpoint() {
		return this.endpoint;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws IOException {
		if (this.server.isDraining()) {
			// shutting down: tell the client to come back, as a restarting service does
			session.close(CloseStatus.SERVICE_RESTARTED.withReason("service restart"));
			return;
		}
		// the container's small default limit (8 KiB on Tomcat, 64 KiB on Jetty) never
		// applies
		InboundMessageLimits.apply(session, this.server.settings().maxBinaryMessageSize());
		N6kConnection connection = new N6kConnection(session, this.server, this.endpoint, handshake(session),
				credentials(session));
		session.getAttributes().put(CONNECTION_ATTRIBUTE, connection);
		connection.open();
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
		N6kConnection connection = connection(session);
		if (connection == null) {
			return;
		}
		if (message instanceof BinaryMessage binary) {
			// a PONG or an early error is written on this thread, not handed to a writer
			connection.outbound().writeAfter(() -> connection.onMessagePart(binary.getPayload(), binary.isLast()));
		}
		else if (message instanceof TextMessage) {
			connection.onTextMessage();
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		logger.debug("n6k connection " + session.getId() + " transport error: " + exception.getMessage());
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		N6kConnection connection = connection(session);
		if (connection != null) {
			connection.onClosed();
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	private static @Nullable N6kConnection connection(WebSocketSession session) {
		return (N6kConnection) session.getAttributes().get(CONNECTION_ATTRIBUTE);
	}

	private static UpgradeCredentials credentials(WebSocketSession session) {
		Principal login = session.getPrincipal();
		String authorization = session.getHandshakeHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.startsWith(BEARER)) {
			return new UpgradeCredentials(login, authorization.substring(BEARER.length()), "header");
		}
		URI uri = session.getUri();
		if (uri != null) {
			List<String> tokens = queryParameters(uri).get("token");
			if (tokens != null && !tokens.isEmpty()) {
				return new UpgradeCredentials(login, tokens.get(0), "query");
			}
		}
		return new UpgradeCredentials(login, null, "none");
	}

	@SuppressWarnings("unchecked")
	private static Handshake handshake(WebSocketSession session) {
		URI uri = session.getUri();
		Map<String, List<String>> query = (uri != null) ? queryParameters(uri) : new LinkedHashMap<>();
		query.remove("token");
		Map<String, List<String>> headers = new LinkedHashMap<>();
		session.getHandshakeHeaders().forEach((name, values) -> {
			if (!name.equalsIgnoreCase(HttpHeaders.AUTHORIZATION)) {
				headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values));
			}
		});
		Object variables = session.getAttributes().get(PATH_VARIABLES_ATTRIBUTE);
		Map<String, String> pathVariables = (variables instanceof Map<?, ?> map) ? Map.copyOf((Map<String, String>) map)
				: Map.of();
		return new Handshake(session.getId(), (uri != null) ? uri.getPath() : "", pathVariables, Map.copyOf(query),
				Map.copyOf(headers), List.of(), null, session.getRemoteAddress(), session.getPrincipal());
	}

	private static Map<String, List<String>> queryParameters(URI uri) {
		MultiValueMap<String, String> raw = UriComponentsBuilder.fromUri(uri).build().getQueryParams();
		Map<String, List<String>> decoded = new LinkedHashMap<>();
		raw.forEach((name, values) -> {
			List<String> list = new ArrayList<>(values.size());
			for (String value : values) {
				list.add((value != null) ? UriUtils.decode(value, StandardCharsets.UTF_8) : "");
			}
			decoded.put(UriUtils.decode(name, StandardCharsets.UTF_8), List.copyOf(list));
		});
		return decoded;
	}

}
