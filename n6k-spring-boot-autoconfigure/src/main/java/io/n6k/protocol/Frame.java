package io.n6k.protocol;

import java.nio.ByteBuffer;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A decoded inbound frame: the msgpack header as plain Java values and the raw body.
 * <p>
 * Header values are "JSON-typed": {@code null}, {@link Boolean}, {@link Long} (or
 * {@link java.math.BigInteger} beyond the long range), {@link Double} or {@link Float},
 * {@link String}, {@link java.util.List} and {@link Map} (string keys, insertion order).
 *
 * @param header the header map
 * @param body the bytes after the header, possibly empty
 * @param invalidText whether some string of the header was not UTF-8 (it reads as absent)
 * @author n6k
 * @since 0.1.0
 */
public record Frame(Map<String, @Nullable Object> header, ByteBuffer body, boolean invalidText) {

	/**
	 * Return the frame type, or {@code -1} when {@code t} is missing or not an integer.
	 * @return the frame type
	 */
	public int type() {
		Long t = Args.longValue(this.header.get("t"));
		return (t != null && t >= 0 && t <= Integer.MAX_VALUE) ? t.intValue() : -1;
	}

	/**
	 * Return the request id reduced to an unsigned 32-bit value, or {@code null}.
	 * @return the id or {@code null}
	 */
	public @Nullable Long id() {
		Long id = Args.longValue(this.header.get("id"));
		return (id != null) ? (id & 0xFFFFFFFFL) : null;
	}

	/**
	 * Return the session key; absent means 0.
	 * @return the ns
	 */
	public long ns() {
		Long ns = Args.longValue(this.header.get("ns"));
		return (ns != null) ? ns : 0;
	}

	/**
	 * Return the arguments of a request: the header without {@code t}, {@code id},
	 * {@code op} and {@code ns}.
	 * @return the op arguments
	 */
	public Args args() {
		return new Args(this.header);
	}

}
