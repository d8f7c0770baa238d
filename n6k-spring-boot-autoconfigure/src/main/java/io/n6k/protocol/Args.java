package io.n6k.protocol;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Lenient access to the arguments of a request, as the reference reads them: a field of
 * the wrong type is absent, an empty string is absent where a name is required, and
 * string lists drop elements that are not strings.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class Args {

	private static final Set<String> ENVELOPE = Set.of("t", "id", "op", "ns");

	private final Map<String, @Nullable Object> header;

	public Args(Map<String, @Nullable Object> header) {
		this.header = header;
	}

	/**
	 * Return the raw value of an argument.
	 * @param name the key
	 * @return the value or {@code null}
	 */
	public @Nullable Object get(String name) {
		return ENVELOPE.contains(name) ? null : this.header.get(name);
	}

	/**
	 * Return whether the key is present (even with a {@code null} value).
	 * @param name the key
	 * @return whether present
	 */
	public boolean has(String name) {
		return !ENVELOPE.contains(name) && this.header.containsKey(name);
	}

	/**
	 * Return a string argument, or {@code null} when absent or not a string.
	 * @param name the key
	 * @return the string or {@code null}
	 */
	public @Nullable String string(String name) {
		return (get(name) instanceof String value) ? value : null;
	}

	/**
	 * Return a non-empty string argument, or {@code null}.
	 * @param name the key
	 * @return the string or {@code null}
	 */
	public @Nullable String name(String name) {
		String value = string(name);
		return (value == null || value.isEmpty()) ? null : value;
	}

	/**
	 * Return a list argument, or {@code null} when absent or not a list.
	 * @param name the key
	 * @return the list or {@code null}
	 */
	@SuppressWarnings("unchecked")
	public @Nullable List<@Nullable Object> list(String name) {
		return (get(name) instanceof List<?> value) ? (List<@Nullable Object>) value : null;
	}

	/**
	 * Return a map argument, or {@code null} when absent or not a map.
	 * @param name the key
	 * @return the map or {@code null}
	 */
	@SuppressWarnings("unchecked")
	public @Nullable Map<String, @Nullable Object> map(String name) {
		return (get(name) instanceof Map<?, ?> value) ? (Map<String, @Nullable Object>) value : null;
	}

	/**
	 * Return the string elements of a list argument; an absent list is empty.
	 * @param name the key
	 * @return the strings, in order
	 */
	public List<String> strings(String name) {
		List<@Nullable Object> list = list(name);
		if (list == null) {
			return Collections.emptyList();
		}
		List<String> strings = new ArrayList<>(list.size());
		for (Object element : list) {
			if (element instanceof String value) {
				strings.add(value);
			}
		}
		return strings;
	}

	/**
	 * Return {@code _batch_rows} when it is a positive whole number, else 0.
	 * @return rows per batch, or 0 for engine-sized batches
	 */
	public long batchRows() {
		Object value = get("_batch_rows");
		Long rows = longValue(value);
		if (rows == null && (value instanceof Double || value instanceof Float)) {
			double d = ((Number) value).doubleValue();
			if (d == Math.rint(d) && d > 0 && d < Long.MAX_VALUE) {
				rows = (long) d;
			}
		}
		return (rows != null && rows > 0) ? rows : 0;
	}

	/**
	 * Return an integer header value as a long, or {@code null} when it is not an integer
	 * within the signed 64-bit range (unsigned values beyond it wrap).
	 * @param value the header value
	 * @return the long or {@code null}
	 */
	public static @Nullable Long longValue(@Nullable Object value) {
		if (value instanceof Long number) {
			return number;
		}
		if (value instanceof BigInteger number) {
			return number.longValue();
		}
		return null;
	}

}
