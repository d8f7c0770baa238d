package io.n6k.server;

import io.n6k.backend.SessionFactory;

/**
 * One n6k WebSocket endpoint: a path (which may capture variables, such as
 * {@code /db/{tenant}/ws}), how connections to it are planned and what serves them. The
 * auto-configuration declares the endpoint at {@code n6k.websocket.path}; declare more
 * beans of this type to serve other mounts.
 *
 * @param path the WebSocket path pattern
 * @param policy plans each connection
 * @param sessionFactory creates the backend of each connection
 * @author n6k
 * @since 0.1.0
 */
public record N6kEndpoint(String path, ConnectionPolicy policy, SessionFactory sessionFactory) {
}
