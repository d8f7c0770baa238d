/**
 * Auto-configuration for the n6k server.
 */
@NullMarked
package io.n6k.autoconfigure;

import org.jspecify.annotations.NullMarked;
