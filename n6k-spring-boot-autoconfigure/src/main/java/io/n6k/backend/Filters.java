package io.n6k.backend;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.n6k.protocol.N6kException;
import org.jspecify.annotations.Nullable;

/**
 * Parses the {@code filters} argument into {@link Filter} clauses, with the reference's
 * exact validation messages (protocol §5.4.4).
 *
 * @author n6k
 * @since 0.1.0
 */
public final class Filters {

	private static final Set<String> COMPARISONS = Set.of("=", "!=", "<", "<=", ">", ">=");

	private Filters() {
	}

	/**
	 * Parse a {@code filters} value; anything that is not a list means "no filters".
	 * @param value the raw argument
	 * @return the top-level clauses, AND-joined
	 * @throws N6kException InvalidInputException for a clause that cannot be rendered
	 */
	public static List<Filter> parse(@Nullable Object value) {
		if (!(value instanceof List<?> clauses)) {
			return List.of();
		}
		List<Filter> filters = new ArrayList<>(clauses.size());
		for (Object clause : clauses) {
			filters.add(parseClause(clause));
		}
		return filters;
	}

	private static Filter parseClause(@Nullable Object clause) {
		if (!(clause instanceof List<?> parts) || (parts.size() != 2 && parts.size() != 3)) {
			throw N6kException.invalidInput("n6k: malformed filter clause");
		}
		if (!(parts.get(0) instanceof String head)) {
			throw N6kException.invalidInput("n6k: filter column/group must be a string");
		}
		if (parts.size() == 2) {
			if (!head.equals("and") && !head.equals("or")) {
				throw N6kException.invalidInput("n6k: unsupported filter group '" + head + "'");
			}
			if (!(parts.get(1) instanceof List<?> children) || children.isEmpty()) {
				throw N6kException.invalidInput("n6k: malformed '" + head + "' filter group");
			}
			List<Filter> parsed = new ArrayList<>(children.size());
			for (Object child : children) {
				parsed.add(parseClause(child));
			}
			return new Filter.Group(head.equals("and"), parsed);
		}
		if (!(parts.get(1) instanceof String operator)) {
			throw N6kException.invalidInput("n6k: filter operator must be a string");
		}
		Object value = parts.get(2);
		if (COMPARISONS.contains(operator)) {
			return new Filter.Comparison(head, operator, scalar(value));
		}
		switch (operator) {
			case "in" -> {
				if (!(value instanceof List<?> values)) {
					throw N6kException.invalidInput("n6k: 'in' filter requires a list value");
				}
				List<@Nullable Object> scalars = new ArrayList<>(values.size());
				for (Object element : values) {
					scalars.add(scalar(element));
				}
				return new Filter.In(head, scalars);
			}
			case "is_null" -> {
				return new Filter.IsNull(head, false);
			}
			case "is_not_null" -> {
				return new Filter.IsNull(head, true);
			}
			default -> throw N6kException.invalidInput("n6k: unsupported filter operator '" + operator + "'");
		}
	}

	private static @Nullable Object scalar(@Nullable Object value) {
		if (value == null || value instanceof Boolean || value instanceof Long || value instanceof BigInteger
				|| value instanceof Double || value instanceof Float || value instanceof String) {
			return value;
		}
		throw N6kException.invalidInput("n6k: unsupported filter value type");
	}

}
