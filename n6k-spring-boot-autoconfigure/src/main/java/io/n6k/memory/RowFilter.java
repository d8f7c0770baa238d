package io.n6k.memory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.n6k.backend.Filter;
import io.n6k.protocol.ExceptionType;
import io.n6k.protocol.N6kException;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates filter clauses on Arrow rows with SQL's three-valued logic: a comparison with
 * NULL is never true, and {@code !=} excludes NULL rows.
 *
 * @author n6k
 */
final class RowFilter {

	private final Schema schema;

	private final List<Filter> filters;

	RowFilter(Schema schema, List<Filter> filters) {
		this.schema = schema;
		this.filters = filters;
		filters.forEach(this::checkColumns);
	}

	static int columnIndex(Schema schema, String column) {
		List<Field> fields = schema.getFields();
		for (int i = 0; i < fields.size(); i++) {
			if (fields.get(i).getName().equalsIgnoreCase(column)) {
				return i;
			}
		}
		throw new N6kException(ExceptionType.BinderException,
				"Referenced column \"" + column + "\" not found in FROM clause!");
	}

	private void checkColumns(Filter filter) {
		if (filter instanceof Filter.Group group) {
			group.children().forEach(this::checkColumns);
		}
		else {
			columnIndex(this.schema, column(filter));
		}
	}

	List<Integer> matchingRows(VectorSchemaRoot root) {
		List<Integer> rows = new ArrayList<>();
		for (int row = 0; row < root.getRowCount(); row++) {
			boolean all = true;
			for (Filter filter : this.filters) {
				if (!Boolean.TRUE.equals(evaluate(filter, root, row))) {
					all = false;
					break;
				}
			}
			if (all) {
				rows.add(row);
			}
		}
		return rows;
	}

	private @Nullable Boolean evaluate(Filter filter, VectorSchemaRoot root, int row) {
		if (filter instanceof Filter.Group group) {
			boolean sawNull = false;
			for (Filter child : group.children()) {
				Boolean value = evaluate(child, root, row);
				if (value == null) {
					sawNull = true;
				}
				else if (value != group.and()) {
					return !group.and();
				}
			}
			return sawNull ? null : group.and();
		}
		Object cell = value(root, column(filter), row);
		if (filter instanceof Filter.IsNull isNull) {
			return (cell == null) != isNull.negated();
		}
		if (filter instanceof Filter.In in) {
			if (cell == null) {
				return null;
			}
			boolean sawNull = false;
			for (Object candidate : in.values()) {
				if (candidate == null) {
					sawNull = true;
				}
				else if (compare(cell, candidate) == 0) {
					return true;
				}
			}
			return sawNull ? null : false;
		}
		Filter.Comparison comparison = (Filter.Comparison) filter;
		if (cell == null || comparison.value() == null) {
			return null;
		}
		int c = compare(cell, comparison.value());
		return switch (comparison.operator()) {
			case "=" -> c == 0;
			case "!=" -> c != 0;
			case "<" -> c < 0;
			case "<=" -> c <= 0;
			case ">" -> c > 0;
			default -> c >= 0;
		};
	}

	private @Nullable Object value(VectorSchemaRoot root, String column, int row) {
		ValueVector vector = root.getVector(columnIndex(this.schema, column));
		if (vector instanceof DateDayVector days) {
			return days.isNull(row) ? null : LocalDate.ofEpochDay(days.get(row));
		}
		Object value = vector.getObject(row);
		return (value instanceof Text text) ? text.toString() : value;
	}

	private static String column(Filter filter) {
		if (filter instanceof Filter.Comparison c) {
			return c.column();
		}
		if (filter instanceof Filter.In in) {
			return in.column();
		}
		return ((Filter.IsNull) filter).column();
	}

	private static int compare(Object cell, Object literal) {
		BigDecimal left = number(cell);
		BigDecimal right = number(literal);
		if (left != null && right != null) {
			return left.compareTo(right);
		}
		if (left != null && literal instanceof String text) {
			try {
				return left.compareTo(new BigDecimal(text.trim()));
			}
			catch (NumberFormatException ex) {
				throw new N6kException(ExceptionType.ConversionException,
						"Could not convert string '" + text + "' to a number");
			}
		}
		if (literal instanceof String text && (cell instanceof LocalDate || cell instanceof LocalDateTime)) {
			// DuckDB casts the literal to the column's type
			try {
				String value = text.trim();
				if (cell instanceof LocalDate date) {
					return date.compareTo(LocalDate.parse(value));
				}
				LocalDateTime time = (value.length() <= 10) ? LocalDate.parse(value).atStartOfDay()
						: LocalDateTime.parse(value.replace(' ', 'T'));
				return ((LocalDateTime) cell).compareTo(time);
			}
			catch (DateTimeParseException ex) {
				throw new N6kException(ExceptionType.ConversionException,
						"invalid date field format: \"" + text + "\"");
			}
		}
		if (cell instanceof Boolean b && literal instanceof Boolean l) {
			return Boolean.compare(b, l);
		}
		return String.valueOf(cell).compareTo(String.valueOf(literal));
	}

	private static @Nullable BigDecimal number(Object value) {
		if (value instanceof BigDecimal d) {
			return d;
		}
		if (value instanceof BigInteger i) {
			return new BigDecimal(i);
		}
		if (value instanceof Double || value instanceof Float) {
			double d = ((Number) value).doubleValue();
			return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : null;
		}
		if (value instanceof Number n) {
			return BigDecimal.valueOf(n.longValue());
		}
		return null;
	}

}
