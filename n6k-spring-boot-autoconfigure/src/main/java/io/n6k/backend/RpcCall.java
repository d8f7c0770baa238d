package io.n6k.backend;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One call of an {@link RpcFunction}.
 *
 * @param args JSON-typed positional arguments
 * @param input rows pushed with an RPC_TABLE call, or {@code null}
 * @param context the request
 * @author n6k
 * @since 0.1.0
 */
public record RpcCall(List<@Nullable Object> args, @Nullable ArrowPayload input, RequestContext context) {
}
