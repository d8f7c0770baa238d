/**
 * The n6k test fixtures' DuckDB functions ({@code n6k_testing_*}), for conformance
 * servers and tests.
 */
@NullMarked
package io.n6k.test.duckdb;

import org.jspecify.annotations.NullMarked;
