/**
 * A Java n6k client for tests and tools: handshake, requests, credits, cancel, PUSH and
 * Arrow decoding.
 */
@NullMarked
package io.n6k.client;

import org.jspecify.annotations.NullMarked;
