/**
 * Metrics of the n6k server, one source for Micrometer and for diagnostics.
 */
@NullMarked
package io.n6k.metrics;

import org.jspecify.annotations.NullMarked;
