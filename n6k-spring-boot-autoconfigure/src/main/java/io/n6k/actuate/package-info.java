/**
 * Actuator support for the n6k server: a health indicator per served DuckDB catalog and
 * the {@code n6k} endpoint.
 */
@NullMarked
package io.n6k.actuate;

import org.jspecify.annotations.NullMarked;
