/**
 * The n6k connection engine: WebSocket handling, sessions, admission, credits,
 * cancellation and the single writer per connection.
 */
@NullMarked
package io.n6k.server;

import org.jspecify.annotations.NullMarked;
