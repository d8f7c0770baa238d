package io.n6k.duckdb;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.n6k.backend.Aggregate;
import io.n6k.backend.Filter;
import io.n6k.backend.TableRef;
import io.n6k.protocol.N6kException;
import org.jspecify.annotations.Nullable;

/**
 * Renders the SQL of structured requests exactly as the reference does (protocol §5.1,
 * §5.4.2, §5.7.2, §5.10): identifiers always double-quoted, literals single-quoted,
 * numbers at full precision, tables always qualified by the session's catalog.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class SqlRendering {

	private SqlRendering() {
	}

	/**
	 * Quote an identifier: wrap in {@code "} and double any embedded {@code "}.
	 * @param name the identifier
	 * @return the quoted identifier
	 */
	public static String identifier(String name) {
		return "\"" + name.replace("\"", "\"\"") + "\"";
	}

	/**
	 * Quote a string literal: wrap in {@code '} and double any embedded {@code '}.
	 * @param value the text
	 * @return the literal
	 */
	public static String string(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

	/**
	 * Return {@code "catalog"."schema"."table"}.
	 * @param catalog the catalog
	 * @param table the table
	 * @return the qualified name
	 */
	public static String table(String catalog, TableRef table) {
		return identifier(catalog) + "." + identifier(table.schema()) + "." + identifier(table.table());
	}

	/**
	 * Render a JSON scalar as a SQL literal.
	 * @param value null, boolean, number or string
	 * @return the literal
	 */
	public static String scalar(@Nullable Object value) {
		if (value == null) {
			return "NULL";
		}
		if (value instanceof Boolean b) {
			return b ? "TRUE" : "FALSE";
		}
		if (value instanceof String s) {
			return string(s);
		}
		if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
			return value.toString();
		}
		if (value instanceof Double d) {
			return real(d, Double.toString(d));
		}
		if (value instanceof Float f) {
			return real(f, Float.toString(f));
		}
		throw N6kException.invalidInput("n6k: unsupported filter value type");
	}

	/**
	 * Render any JSON value as an argument: lists as {@code [a, b]}, objects as struct
	 * literals {@code {'k': v}}, scalars as {@link #scalar}.
	 * @param value the value
	 * @return the SQL
	 */
	public static String value(@Nullable Object value) {
		if (value instanceof List<?> list) {
			StringJoiner joiner = new StringJoiner(", ", "[", "]");
			list.forEach((element) -> joiner.add(value(element)));
			return joiner.toString();
		}
		if (value instanceof Map<?, ?> map) {
			StringJoiner joiner = new StringJoiner(", ", "{", "}");
			map.forEach((key, element) -> joiner.add(string(String.valueOf(key)) + ": " + value(element)));
			return joiner.toString();
		}
		return scalar(value);
	}

	/**
	 * Shortest round-trip text of a real, as a plain decimal, without a trailing
	 * {@code .0} on whole numbers (DuckDB then types {@code 100} as an integer, like the
	 * reference does).
	 */
	private static String real(double value, String shortest) {
		if (Double.isNaN(value)) {
			return "'nan'::DOUBLE";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "'inf'::DOUBLE" : "'-inf'::DOUBLE";
		}
		BigDecimal decimal = new BigDecimal(shortest).stripTrailingZeros();
		if (decimal.signum() == 0) {
			return "0";
		}
		return decimal.toPlainString();
	}

	/**
	 * Render filter clauses: AND-joined at the top level, groups parenthesised.
	 * @param filters the clauses
	 * @return the predicate, empty when there are no clauses
	 */
	public static String where(List<Filter> filters) {
		if (filters.isEmpty()) {
			return "";
		}
		StringJoiner joiner = new StringJoiner(" AND ");
		filters.forEach((filter) -> joiner.add(filter(filter)));
		return " WHERE " + joiner;
	}

	/**
	 * Render filter clauses behind a row policy: {@code WHERE <policy> AND CASE WHEN
	 * <policy> THEN <filters> ELSE false END}. DuckDB pushes the bare policy into the
	 * scan, and evaluates a CASE branch only on the rows its condition selected, so a
	 * client's filter never runs on a hidden row (no error or cast can reveal one).
	 * @param filters the clauses
	 * @param policy the policy predicate, parenthesised
	 * @return the predicate
	 */
	public static String where(List<Filter> filters, String policy) {
		if (filters.isEmpty()) {
			return " WHERE " + policy;
		}
		StringJoiner joiner = new StringJoiner(" AND ", "(", ")");
		filters.forEach((filter) -> joiner.add(filter(filter)));
		return " WHERE " + policy + " AND CASE WHEN " + policy + " THEN " + joiner + " ELSE false END";
	}

	static String filter(Filter filter) {
		if (filter instanceof Filter.Group group) {
			StringJoiner joiner = new StringJoiner(group.and() ? " AND " : " OR ", "(", ")");
			group.children().forEach((child) -> joiner.add(filter(child)));
			return joiner.toString();
		}
		if (filter instanceof Filter.IsNull isNull) {
			return identifier(isNull.column()) + (isNull.negated() ? " IS NOT NULL" : " IS NULL");
		}
		if (filter instanceof Filter.In in) {
			StringJoiner joiner = new StringJoiner(", ", " IN (", ")");
			in.values().forEach((value) -> joiner.add(scalar(value)));
			return identifier(in.column()) + joiner;
		}
		Filter.Comparison comparison = (Filter.Comparison) filter;
		return identifier(comparison.column()) + " " + comparison.operator() + " " + scalar(comparison.value());
	}

	/**
	 * {@code SELECT <cols> FROM "c"."s"."t"[ WHERE ...]}.
	 * @param catalog the session catalog
	 * @param table the table
	 * @param columns projection, empty for {@code *}
	 * @param filters the clauses
	 * @return the SQL
	 */
	public static String scan(String catalog, TableRef table, List<String> columns, List<Filter> filters) {
		return scan(catalog, table, columns, filters, null);
	}

	/**
	 * {@code SELECT <cols> FROM "c"."s"."t" WHERE ...} behind a row policy.
	 * @param catalog the session catalog
	 * @param table the table
	 * @param columns projection, empty for {@code *}
	 * @param filters the clauses
	 * @param policy the policy predicate, parenthesised, or {@code null} for none
	 * @return the SQL
	 */
	public static String scan(String catalog, TableRef table, List<String> columns, List<Filter> filters,
			@Nullable String policy) {
		String projection;
		if (columns.isEmpty()) {
			projection = "*";
		}
		else {
			StringJoiner joiner = new StringJoiner(", ");
			columns.forEach((column) -> joiner.add(identifier(column)));
			projection = joiner.toString();
		}
		return "SELECT " + projection + " FROM " + table(catalog, table)
				+ ((policy != null) ? where(filters, policy) : where(filters));
	}

	/**
	 * The AGGREGATE query: keys {@code g0…}, aggregates {@code a0…}, ordinal GROUP BY.
	 * @param catalog the session catalog
	 * @param table the table
	 * @param groupBy group keys
	 * @param aggregates aggregates
	 * @param filters the clauses
	 * @return the SQL
	 */
	public static String aggregate(String catalog, TableRef table, List<String> groupBy, List<Aggregate> aggregates,
			List<Filter> filters) {
		return aggregate(catalog, table, groupBy, aggregates, filters, null);
	}

	/**
	 * The AGGREGATE query behind a row policy.
	 * @param catalog the session catalog
	 * @param table the table
	 * @param groupBy group keys
	 * @param aggregates aggregates
	 * @param filters the clauses
	 * @param policy the policy predicate, parenthesised, or {@code null} for none
	 * @return the SQL
	 */
	public static String aggregate(String catalog, TableRef table, List<String> groupBy, List<Aggregate> aggregates,
			List<Filter> filters, @Nullable String policy) {
		StringJoiner select = new StringJoiner(", ");
		for (int i = 0; i < groupBy.size(); i++) {
			select.add(identifier(groupBy.get(i)) + " AS " + identifier("g" + i));
		}
		for (int i = 0; i < aggregates.size(); i++) {
			Aggregate aggregate = aggregates.get(i);
			String expression = (aggregate.column() == null) ? "count(*)"
					: aggregate.function() + "(" + identifier(aggregate.column()) + ")";
			select.add(expression + " AS " + identifier("a" + i));
		}
		StringBuilder sql = new StringBuilder("SELECT ").append(select)
			.append(" FROM ")
			.append(table(catalog, table))
			.append((policy != null) ? where(filters, policy) : where(filters));
		if (!groupBy.isEmpty()) {
			StringJoiner ordinals = new StringJoiner(", ", " GROUP BY ", "");
			for (int i = 1; i <= groupBy.size(); i++) {
				ordinals.add(Integer.toString(i));
			}
			sql.append(ordinals);
		}
		return sql.toString();
	}

}
