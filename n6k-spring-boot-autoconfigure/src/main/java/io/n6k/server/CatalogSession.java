package io.n6k.server;

import java.security.Principal;

import io.n6k.backend.CatalogHandler;
import org.jspecify.annotations.Nullable;

/**
 * A session: an {@code ns} bound to one catalog of the connection.
 *
 * @param ns session key, 0 for the default session
 * @param catalog the catalog
 * @param handler serves the catalog's ops
 * @param principal who opened the session, or {@code null}
 */
record CatalogSession(long ns, String catalog, CatalogHandler handler, @Nullable Principal principal) {
}
