/**
 * Spring Security support for n6k: request matchers for the n6k WebSocket endpoints.
 */
@NullMarked
package io.n6k.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
