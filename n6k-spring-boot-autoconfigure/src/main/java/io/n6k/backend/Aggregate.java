package io.n6k.backend;

import org.jspecify.annotations.Nullable;

/**
 * One aggregate of an AGGREGATE request.
 *
 * @param function one of {@code count sum min max avg}
 * @param column the column, or {@code null} for {@code count(*)}
 * @author n6k
 * @since 0.1.0
 */
public record Aggregate(String function, @Nullable String column) {
}
