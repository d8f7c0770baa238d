/**
 * Access control: per-table grants, the raw SQL guard and token authentication.
 */
@NullMarked
package io.n6k.access;

import org.jspecify.annotations.NullMarked;
