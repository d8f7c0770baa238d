/**
 * Test support for applications that serve n6k: {@link io.n6k.test.N6kTest} starts the
 * application and attaches clients, {@link io.n6k.test.N6kAssertions} checks responses.
 */
@NullMarked
package io.n6k.test;

import org.jspecify.annotations.NullMarked;
