/**
 * The DuckDB backend: catalogs of a DuckDB database served through its Arrow export.
 */
@NullMarked
package io.n6k.duckdb;

import org.jspecify.annotations.NullMarked;
