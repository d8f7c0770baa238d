package io.n6k.access;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the {@code $name} parameters of a policy predicate. Text inside string literals,
 * quoted identifiers and comments is left alone. A predicate must be one expression, so
 * statement separators, positional parameters ({@code ?}, {@code $1}) and dollar-quoted
 * strings ({@code $$...$$}, which would hide a parameter from this reader) are refused.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class PolicyPredicates {

	private PolicyPredicates() {
	}

	/**
	 * Check that a predicate can be bound.
	 * @param predicate the predicate
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public static void validate(String predicate) {
		scan(predicate);
	}

	/**
	 * Return the parameter names a predicate uses, lower case, without the {@code $}.
	 * @param predicate the predicate
	 * @return the names in order of first use
	 */
	public static Set<String> parameters(String predicate) {
		Set<String> names = new LinkedHashSet<>();
		for (Parameter parameter : scan(predicate)) {
			names.add(parameter.name());
		}
		return names;
	}

	/**
	 * Replace every parameter of a predicate.
	 * @param predicate the predicate
	 * @param replacement the SQL for a parameter name (lower case, without {@code $})
	 * @return the rewritten predicate
	 */
	public static String rewrite(String predicate, Function<String, String> replacement) {
		StringBuilder result = new StringBuilder(predicate.length() + 32);
		int from = 0;
		for (Parameter parameter : scan(predicate)) {
			result.append(predicate, from, parameter.start()).append(replacement.apply(parameter.name()));
			from = parameter.end();
		}
		return result.append(predicate, from, predicate.length()).toString();
	}

	private static List<Parameter> scan(String sql) {
		List<Parameter> parameters = new ArrayList<>();
		int i = 0;
		int length = sql.length();
		while (i < length) {
			char c = sql.charAt(i);
			if (c == '\'' || c == '"') {
				i = skipQuoted(sql, i, c);
			}
			else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
				int end = sql.indexOf('\n', i);
				i = (end < 0) ? length : end + 1;
			}
			else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
				int end = sql.indexOf("*/", i + 2);
				if (end < 0) {
					throw new IllegalArgumentException("unterminated comment");
				}
				i = end + 2;
			}
			else if (c == ';') {
				throw new IllegalArgumentException("a predicate is one expression: remove the ';'");
			}
			else if (c == '?') {
				throw new IllegalArgumentException("positional parameters ('?') are not supported; use $name");
			}
			else if (c == '$') {
				int end = i + 1;
				while (end < length && isIdentifierPart(sql.charAt(end))) {
					end++;
				}
				if (end == i + 1 || !isIdentifierStart(sql.charAt(i + 1))) {
					throw new IllegalArgumentException((end == i + 1) ? "dollar-quoted strings are not supported"
							: "positional parameters ('$1') are not supported; use $name");
				}
				if (end < length && sql.charAt(end) == '$') {
					throw new IllegalArgumentException("dollar-quoted strings are not supported");
				}
				parameters.add(new Parameter(sql.substring(i + 1, end).toLowerCase(Locale.ROOT), i, end));
				i = end;
			}
			else if (isIdentifierPart(c)) {
				// a whole word, so that a '$' inside an identifier (DuckDB allows a$b) is
				// not
				// read as a parameter
				while (i < length && (isIdentifierPart(sql.charAt(i)) || sql.charAt(i) == '$')) {
					i++;
				}
			}
			else {
				i++;
			}
		}
		return parameters;
	}

	private static int skipQuoted(String sql, int start, char quote) {
		int i = start + 1;
		while (i < sql.length()) {
			if (sql.charAt(i) == quote) {
				if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
					i += 2;
					continue;
				}
				return i + 1;
			}
			i++;
		}
		throw new IllegalArgumentException((quote == '\'') ? "unterminated string literal" : "unterminated identifier");
	}

	private static boolean isIdentifierStart(char c) {
		return Character.isLetter(c) || c == '_';
	}

	private static boolean isIdentifierPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_';
	}

	private record Parameter(String name, int start, int end) {
	}

}
