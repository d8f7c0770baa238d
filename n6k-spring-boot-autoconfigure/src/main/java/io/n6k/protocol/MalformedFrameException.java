package io.n6k.protocol;

/**
 * Thrown when a binary message does not start with a complete msgpack map; the connection
 * that sent it is closed.
 *
 * @author n6k
 * @since 0.1.0
 */
public class MalformedFrameException extends Exception {

	public MalformedFrameException(String message) {
		super(message);
	}

	public MalformedFrameException(String message, Throwable cause) {
		super(message, cause);
	}

}
