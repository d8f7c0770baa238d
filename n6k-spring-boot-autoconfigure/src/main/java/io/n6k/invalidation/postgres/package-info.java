/**
 * Invalidation broadcast through PostgreSQL {@code LISTEN}/{@code NOTIFY}, on one of the
 * application's {@code DataSource}s.
 */
@NullMarked
package io.n6k.invalidation.postgres;

import org.jspecify.annotations.NullMarked;
