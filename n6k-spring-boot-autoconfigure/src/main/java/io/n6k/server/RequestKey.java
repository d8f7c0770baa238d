package io.n6k.server;

/**
 * Identifies an in-flight request: request ids are unique per session only.
 *
 * @param ns session key
 * @param id request id
 */
record RequestKey(long ns, long id) {
}
