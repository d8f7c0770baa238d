/**
 * Catalog invalidation: pushing CATALOG_INVALIDATED frames to the sessions of a catalog.
 */
@NullMarked
package io.n6k.invalidation;

import org.jspecify.annotations.NullMarked;
