/**
 * The backend SPI: what a {@link io.n6k.backend.SessionFactory} returns and what op
 * handlers receive and answer.
 */
@NullMarked
package io.n6k.backend;

import org.jspecify.annotations.NullMarked;
