package io.n6k.backend;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A validated filter clause of the network dialect (protocol §5.4). Values are JSON
 * scalars: {@code null}, {@link Boolean}, {@link Long}, {@link java.math.BigInteger},
 * {@link Double}, {@link Float} or {@link String}.
 *
 * @author n6k
 * @since 0.1.0
 */
public sealed interface Filter {

	/**
	 * {@code column <op> value} with op one of {@code = != < <= > >=}.
	 *
	 * @param column column name
	 * @param operator operator text as sent
	 * @param value scalar value
	 */
	record Comparison(String column, String operator, @Nullable Object value) implements Filter {
	}

	/**
	 * {@code column IN (values)}.
	 *
	 * @param column column name
	 * @param values scalar values, possibly empty
	 */
	record In(String column, List<@Nullable Object> values) implements Filter {
	}

	/**
	 * {@code column IS [NOT] NULL}.
	 *
	 * @param column column name
	 * @param negated whether {@code IS NOT NULL}
	 */
	record IsNull(String column, boolean negated) implements Filter {
	}

	/**
	 * A parenthesised AND or OR group of at least one clause.
	 *
	 * @param and whether the children are AND-joined (else OR-joined)
	 * @param children the clauses
	 */
	record Group(boolean and, List<Filter> children) implements Filter {
	}

}
