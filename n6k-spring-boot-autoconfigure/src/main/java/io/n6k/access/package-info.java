/**
 * Access control: per-table grants and policies, and token authentication. The SQL guards
 * that enforce grants on DuckDB live with the DuckDB backend ({@code io.n6k.duckdb}).
 */
@NullMarked
package io.n6k.access;

import org.jspecify.annotations.NullMarked;
