/**
 * The DuckDB backend: catalogs of a DuckDB database served through its Arrow export, and
 * the guards that check raw SQL and metadata queries against the grants.
 */
@NullMarked
package io.n6k.duckdb;

import org.jspecify.annotations.NullMarked;
