/**
 * Invalidation broadcast through Redis pub/sub, on the application's
 * {@code RedisConnectionFactory}.
 */
@NullMarked
package io.n6k.invalidation.redis;

import org.jspecify.annotations.NullMarked;
