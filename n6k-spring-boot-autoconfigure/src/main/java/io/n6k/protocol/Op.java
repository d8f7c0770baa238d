package io.n6k.protocol;

import org.jspecify.annotations.Nullable;

/**
 * Request operations ({@code op}) of protocol version 6.
 *
 * @author n6k
 * @since 0.1.0
 */
public enum Op {

	CATALOG_LIST(1, false),

	TABLES_LIST(2, false),

	TABLE_SCHEMA(3, false),

	SCAN(4, true),

	INSERT(5, false),

	EXEC(6, false),

	QUERY(7, true),

	RPC_SCALAR(8, true),

	RPC_TABLE(9, true),

	CREATE_TABLE(10, false),

	ALTER_TABLE(11, false),

	/** PUSH only; a request with this op is answered NotImplementedException. */
	CATALOG_INVALIDATED(12, false),

	AGGREGATE(13, true);

	private static final Op[] BY_CODE = new Op[14];

	static {
		for (Op op : values()) {
			BY_CODE[op.code] = op;
		}
	}

	private final int code;

	private final boolean streaming;

	Op(int code, boolean streaming) {
		this.code = code;
		this.streaming = streaming;
	}

	/**
	 * Return the wire number of this op.
	 * @return the op code
	 */
	public int code() {
		return this.code;
	}

	/**
	 * Return whether this op answers with a credited Arrow stream.
	 * @return whether the op streams
	 */
	public boolean streaming() {
		return this.streaming;
	}

	/**
	 * Return the name the reference uses in its messages, such as {@code OP_SCAN}.
	 * @return the wire name
	 */
	public String wireName() {
		return "OP_" + name();
	}

	/**
	 * Return the op for a wire number, or {@code null} when no request op has it.
	 * @param code the op code as sent
	 * @return the op or {@code null}
	 */
	public static @Nullable Op forCode(long code) {
		if (code < 1 || code >= BY_CODE.length || code == CATALOG_INVALIDATED.code) {
			return null;
		}
		return BY_CODE[(int) code];
	}

}
