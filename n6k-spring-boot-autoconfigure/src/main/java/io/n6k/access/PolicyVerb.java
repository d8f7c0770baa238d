package io.n6k.access;

import java.util.Locale;

/**
 * What a row policy governs, as in PostgreSQL's {@code CREATE POLICY ... FOR <verb>}.
 *
 * @author n6k
 * @since 0.1.0
 */
public enum PolicyVerb {

	/** Reading rows, on every read path and in the reads inside writes. */
	SELECT,

	/** Adding rows: every new row must satisfy the predicate. */
	INSERT,

	/**
	 * Changing rows: only rows passing {@code using} are matched, every new version must
	 * pass {@code check}.
	 */
	UPDATE,

	/** Removing rows: only rows passing the predicate are removed. */
	DELETE;

	/**
	 * Return the configuration spelling: {@code select}, {@code insert}, {@code update}
	 * or {@code delete}.
	 * @return the name
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
