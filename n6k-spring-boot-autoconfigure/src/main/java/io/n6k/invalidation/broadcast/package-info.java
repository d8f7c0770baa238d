/**
 * Broadcasting invalidations to the other instances of the application through a broker
 * it already runs, so that a push made on one instance reaches the clients of all.
 */
@NullMarked
package io.n6k.invalidation.broadcast;

import org.jspecify.annotations.NullMarked;
