/**
 * The n6k wire protocol (v6): frame constants, the msgpack frame codec, request arguments
 * and the closed error set.
 */
@NullMarked
package io.n6k.protocol;

import org.jspecify.annotations.NullMarked;
