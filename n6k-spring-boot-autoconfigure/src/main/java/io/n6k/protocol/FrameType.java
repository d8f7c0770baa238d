package io.n6k.protocol;

/**
 * Frame type numbers ({@code t}) of protocol version 6.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class FrameType {

	public static final int REQ = 1;

	public static final int RESP_SCHEMA = 2;

	public static final int RESP_CHUNK = 3;

	public static final int RESP_END = 4;

	public static final int ERR = 5;

	public static final int CANCEL = 6;

	public static final int CREDIT = 7;

	public static final int PUSH = 8;

	public static final int PING = 9;

	public static final int PONG = 10;

	public static final int HELLO = 11;

	public static final int HELLO_ACK = 12;

	public static final int HELLO_ERR = 13;

	public static final int READY = 14;

	private FrameType() {
	}

}
