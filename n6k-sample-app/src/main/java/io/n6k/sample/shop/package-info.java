/**
 * The worked example: a shop whose DuckDB data is served to n6k clients with grants,
 * tokens, an application service that changes data and schema through JDBC, and a second
 * catalog that does not come from DuckDB.
 */
@NullMarked
package io.n6k.sample.shop;

import org.jspecify.annotations.NullMarked;
