package io.n6k.backend;

/**
 * Refuses a connection: the WebSocket is accepted, then closed with this code and reason
 * before any frame (or, when the refusal comes after a HELLO, answered with a HELLO_ERR
 * carrying the reason and then closed).
 *
 * @author n6k
 * @since 0.1.0
 */
public class N6kRejectException extends Exception {

	/** Bad request at upgrade time. */
	public static final int BAD_REQUEST = 4400;

	/** Transport credential present but invalid. */
	public static final int UNAUTHORIZED = 4401;

	/** No such catalog or mount. */
	public static final int NOT_FOUND = 4404;

	private final int closeCode;

	/**
	 * Create a refusal.
	 * @param closeCode the WebSocket close code, such as {@link #NOT_FOUND}
	 * @param reason the close reason (or the HELLO_ERR text), which the client sees
	 */
	public N6kRejectException(int closeCode, String reason) {
		super(reason, null, false, false);
		this.closeCode = closeCode;
	}

	/**
	 * Return the WebSocket close code.
	 * @return the code
	 */
	public int closeCode() {
		return this.closeCode;
	}

	/**
	 * Return the close reason.
	 * @return the reason
	 */
	public String reason() {
		return String.valueOf(getMessage());
	}

}
