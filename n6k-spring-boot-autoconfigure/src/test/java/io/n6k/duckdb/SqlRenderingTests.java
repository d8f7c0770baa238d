package io.n6k.duckdb;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.n6k.backend.Aggregate;
import io.n6k.backend.Filters;
import io.n6k.backend.TableRef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL rendering of structured requests (protocol §5.1, §5.4.2, §5.7.2, §5.10).
 */
class SqlRenderingTests {

	@Test
	void rendersTheSpecificationExample() {
		List<Object> filters = List.of(
				List.of("or",
						List.of(List.of("age", "<", 18),
								List.of("and", List.of(List.of("age", ">", 65), List.of("name", "!=", "O'Neil"))))),
				List.of("id", "in", List.of(1, 2)));
		assertThat(SqlRendering.where(Filters.parse(longs(filters))))
			.isEqualTo(" WHERE (\"age\" < 18 OR (\"age\" > 65 AND \"name\" != 'O''Neil')) AND \"id\" IN (1, 2)");
	}

	@Test
	void quotesIdentifiersAndLiterals() {
		assertThat(SqlRendering.identifier("a\"b")).isEqualTo("\"a\"\"b\"");
		assertThat(SqlRendering.string("it's")).isEqualTo("'it''s'");
		assertThat(SqlRendering.table("db", new TableRef("my schema", "t\"x")))
			.isEqualTo("\"db\".\"my schema\".\"t\"\"x\"");
	}

	@Test
	void rendersRealsAtFullPrecisionAsPlainDecimals() {
		assertThat(SqlRendering.scalar(1.1)).isEqualTo("1.1");
		assertThat(SqlRendering.scalar(9.99)).isEqualTo("9.99");
		assertThat(SqlRendering.scalar(100.0)).isEqualTo("100");
		assertThat(SqlRendering.scalar(1.0E20)).isEqualTo("100000000000000000000");
		assertThat(SqlRendering.scalar(1234567.891)).isEqualTo("1234567.891");
		assertThat(SqlRendering.scalar(0.30000000000000004)).isEqualTo("0.30000000000000004");
		assertThat(SqlRendering.scalar(-0.0)).isEqualTo("0");
		assertThat(SqlRendering.scalar(1.1f)).isEqualTo("1.1");
		assertThat(SqlRendering.scalar(Double.NaN)).isEqualTo("'nan'::DOUBLE");
		assertThat(SqlRendering.scalar(new BigInteger("18446744073709551615"))).isEqualTo("18446744073709551615");
		assertThat(SqlRendering.scalar(null)).isEqualTo("NULL");
		assertThat(SqlRendering.scalar(true)).isEqualTo("TRUE");
	}

	@Test
	void rendersArgumentsAsListsAndStructs() {
		Map<String, Object> struct = new LinkedHashMap<>();
		struct.put("x", 1L);
		struct.put("y's", Arrays.asList("a", null));
		assertThat(SqlRendering.value(struct)).isEqualTo("{'x': 1, 'y''s': ['a', NULL]}");
	}

	@Test
	void rendersScanAndAggregate() {
		TableRef users = new TableRef("main", "users");
		assertThat(SqlRendering.scan("db", users, List.of(), List.of()))
			.isEqualTo("SELECT * FROM \"db\".\"main\".\"users\"");
		assertThat(SqlRendering.scan("db", users, List.of("id", "id"),
				Filters.parse(List.of(Arrays.asList("name", "is_null", null)))))
			.isEqualTo("SELECT \"id\", \"id\" FROM \"db\".\"main\".\"users\" WHERE \"name\" IS NULL");
		assertThat(SqlRendering.aggregate("db", users, List.of("age", "name"),
				List.of(new Aggregate("count", null), new Aggregate("sum", "id")), List.of()))
			.isEqualTo("SELECT \"age\" AS \"g0\", \"name\" AS \"g1\", count(*) AS \"a0\", sum(\"id\") AS \"a1\" "
					+ "FROM \"db\".\"main\".\"users\" GROUP BY 1, 2");
		assertThat(SqlRendering.aggregate("db", users, List.of(), List.of(new Aggregate("count", "name")),
				Filters.parse(List.of(List.of("id", ">=", 2L)))))
			.isEqualTo("SELECT count(\"name\") AS \"a0\" FROM \"db\".\"main\".\"users\" WHERE \"id\" >= 2");
	}

	/** Integers arrive from msgpack as Long. */
	private static Object longs(Object value) {
		if (value instanceof Integer i) {
			return i.longValue();
		}
		if (value instanceof List<?> list) {
			return list.stream().map(SqlRenderingTests::longs).toList();
		}
		return value;
	}

}
