/**
 * A backend that serves named in-memory Arrow tables, independent of DuckDB.
 */
@NullMarked
package io.n6k.memory;

import org.jspecify.annotations.NullMarked;
