package io.n6k.access;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What a client may do with a granted table.
 *
 * @author n6k
 * @since 0.1.0
 */
public enum Permission {

	/** SELECT only. */
	READ,

	/** SELECT, INSERT, UPDATE and DELETE. */
	READWRITE;

	/**
	 * Return the configuration spelling: {@code read} or {@code readwrite}.
	 * @return the name
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parse {@code read} or {@code readwrite}.
	 * @param value the configured value
	 * @return the permission, or {@code null} for anything else
	 */
	public static @Nullable Permission parse(@Nullable String value) {
		if ("read".equals(value)) {
			return READ;
		}
		if ("readwrite".equals(value)) {
			return READWRITE;
		}
		return null;
	}

}
