/**
 * Auto-configuration of the n6k server's Actuator support.
 */
@NullMarked
package io.n6k.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
