package io.n6k.protocol;

import java.util.List;

/**
 * Constants of protocol version 6 that both sides rely on.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class Protocol {

	/** Version advertised in every HELLO_ACK; clients abort on mismatch. */
	public static final int VERSION = 6;

	/** Credits each admitted request starts with. */
	public static final int DEFAULT_BATCH_CREDITS = 8;

	/** In-flight requests allowed per connection, all sessions together. */
	public static final int MAX_CONCURRENT_REQUESTS = 64;

	/** Capability advertised because op 13 (AGGREGATE) is implemented. */
	public static final String CAPABILITY_AGGREGATE_PUSHDOWN = "aggregate_pushdown";

	/** Capabilities this server advertises. */
	public static final List<String> CAPABILITIES = List.of(CAPABILITY_AGGREGATE_PUSHDOWN);

	/** Arrow IPC end-of-stream marker sent as the body of the last chunk. */
	public static final byte[] ARROW_EOS = { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0 };

	/** Deadline for a HELLO on connections that need one. */
	public static final long HELLO_DEADLINE_MILLIS = 5000;

	private Protocol() {
	}

}
