/**
 * The n6k conformance server (profile {@code conformance}, port 8099): the test harness
 * the n6k clients' own suites talk to (protocol §9).
 */
@NullMarked
package io.n6k.sample.conformance;

import org.jspecify.annotations.NullMarked;
