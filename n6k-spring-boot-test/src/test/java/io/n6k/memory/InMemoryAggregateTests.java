package io.n6k.memory;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.n6k.backend.SharedCatalog;
import io.n6k.client.ArrowData;
import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AGGREGATE on the in-memory backend answers exactly what DuckDB answers: the same
 * request is sent to a DuckDB catalog and to an in-memory catalog holding the same rows
 * (exported from that DuckDB table through Arrow), and the Arrow results are compared,
 * types included.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.agg_duck.path=:memory:", "n6k.catalogs.agg_duck.access=all",
				"n6k.duckdb.init-sql=classpath:aggregate.sql" })
@Import(InMemoryAggregateTests.SameRowsInMemory.class)
class InMemoryAggregateTests extends SocketTestSupport {

	static final List<String> COLUMNS = List.of("id", "k", "flag", "big", "small", "tiny", "real", "money", "wide",
			"day", "stamp", "nothing");

	static final List<String> NUMERIC = List.of("id", "big", "small", "tiny", "real", "money", "wide", "nothing");

	N6kClient duck;

	N6kClient memory;

	long id;

	@BeforeEach
	void connect() {
		this.duck = open("agg_duck");
		this.memory = open("agg_mem");
	}

	@Test
	void advertisesAggregatePushdown() {
		assertThat(connect("/ws?catalog=agg_mem").next().get("capabilities")).isEqualTo(List.of("aggregate_pushdown"));
	}

	@Test
	void ungroupedAggregatesOfEveryColumnMatchDuckDb() {
		List<Object> aggregates = new ArrayList<>();
		aggregates.add(Map.of("fn", "count"));
		for (String column : COLUMNS) {
			aggregates.add(Map.of("fn", "count", "col", column));
			aggregates.add(Map.of("fn", "min", "col", column));
			aggregates.add(Map.of("fn", "max", "col", column));
		}
		for (String column : NUMERIC) {
			aggregates.add(Map.of("fn", "sum", "col", column));
			aggregates.add(Map.of("fn", "avg", "col", column));
		}
		for (String table : List.of("facts", "empty")) {
			ArrowData answer = same(
					Map.of("schema", "main", "table", table, "group_by", List.of(), "aggregates", aggregates));
			assertThat(answer.rows()).hasSize(1);
		}
	}

	@Test
	void groupedAggregatesMatchDuckDbIncludingNullKeys() {
		List<Object> aggregates = List.of(Map.of("fn", "count"), Map.of("fn", "count", "col", "flag"),
				Map.of("fn", "sum", "col", "big"), Map.of("fn", "avg", "col", "real"), Map.of("fn", "min", "col", "k"),
				Map.of("fn", "max", "col", "stamp"), Map.of("fn", "sum", "col", "money"),
				Map.of("fn", "avg", "col", "money"), Map.of("fn", "sum", "col", "nothing"));
		for (List<String> keys : List.of(List.of("k"), List.of("flag"), List.of("k", "flag"), List.of("day"),
				List.of("money"), List.of("nothing"), List.of("day", "k", "tiny"))) {
			ArrowData answer = same(
					Map.of("schema", "main", "table", "facts", "group_by", keys, "aggregates", aggregates));
			assertThat(answer.rows()).isNotEmpty();
			assertThat(
					same(Map.of("schema", "main", "table", "empty", "group_by", keys, "aggregates", aggregates)).rows())
				.isEmpty();
		}
		assertThat(same(Map.of("schema", "main", "table", "facts", "group_by", List.of("k"), "aggregates", List.of()))
			.rows()).hasSize(5);
	}

	@Test
	void filteredAggregatesMatchDuckDb() {
		List<Object> aggregates = List.of(Map.of("fn", "count"), Map.of("fn", "sum", "col", "small"),
				Map.of("fn", "avg", "col", "tiny"), Map.of("fn", "min", "col", "day"), Map.of("fn", "max", "col", "k"));
		List<List<Object>> filters = List.of(List.of(List.of("id", "<", 0)), List.of(List.of("k", "=", "b")),
				List.of(List.of("big", ">", 0), Arrays.asList("k", "is_not_null", null)),
				List.of(Arrays.asList("k", "is_null", null)),
				List.of(List.of("or", List.of(List.of("real", ">", 3), List.of("tiny", "<", 0)))),
				List.of(List.of("k", "in", List.of("a", "Z", "nope"))), List.of(List.of("flag", "!=", true)),
				List.of(List.of("money", ">=", 2.5)), List.of(List.of("day", ">", "2024-01-01")),
				List.of(List.of("stamp", "<=", "2024-01-01 09:30:00")), List.of(List.of("day", "=", "2024-01-03")));
		for (List<Object> filter : filters) {
			ArrowData ungrouped = same(Map.of("schema", "main", "table", "facts", "group_by", List.of(), "aggregates",
					aggregates, "filters", filter));
			assertThat(ungrouped.rows()).hasSize(1);
			same(Map.of("schema", "main", "table", "facts", "group_by", List.of("flag"), "aggregates", aggregates,
					"filters", filter));
		}
	}

	@Test
	void errorsMatchDuckDbs() {
		for (Map<String, Object> args : List.of(
				Map.of("schema", "main", "table", "nope", "group_by", List.of(), "aggregates",
						List.of(Map.of("fn", "count"))),
				Map.<String, Object>of("schema", "main", "table", "facts", "group_by", List.of("missing"), "aggregates",
						List.of()),
				Map.of("schema", "main", "table", "facts", "group_by", List.of(), "aggregates",
						List.of(Map.of("fn", "max", "col", "missing"))))) {
			Response duckDb = this.duck.call(++this.id, 13, args);
			Response inMemory = this.memory.call(++this.id, 13, args);
			assertThat(inMemory.isError()).as(String.valueOf(args)).isTrue();
			assertThat(inMemory.exceptionType()).isEqualTo(duckDb.exceptionType());
		}
		Response sumText = this.memory.call(++this.id, 13, Map.of("schema", "main", "table", "facts", "group_by",
				List.of(), "aggregates", List.of(Map.of("fn", "sum", "col", "k"))));
		assertThat(sumText.exceptionType()).isEqualTo("BinderException");
	}

	/**
	 * Send a request to both catalogs; assert equal types and equal rows (in any order).
	 */
	private ArrowData same(Map<String, Object> args) {
		Response duckDb = this.duck.call(++this.id, 13, args);
		Response inMemory = this.memory.call(++this.id, 13, args);
		assertThat(duckDb.isError()).as("DuckDB: " + duckDb.exceptionMessage()).isFalse();
		assertThat(inMemory.isError()).as("in memory: " + inMemory.exceptionMessage()).isFalse();
		ArrowData expected = duckDb.arrow();
		ArrowData actual = inMemory.arrow();
		assertThat(types(actual)).as("types of " + args).isEqualTo(types(expected));
		assertThat(sorted(actual.rows())).as("rows of " + args).isEqualTo(sorted(expected.rows()));
		return actual;
	}

	private static List<String> types(ArrowData data) {
		return data.schema().getFields().stream().map(Field::toString).toList();
	}

	private static List<String> sorted(List<List<@Nullable Object>> rows) {
		return rows.stream().map(String::valueOf).sorted(Comparator.naturalOrder()).toList();
	}

	/** The in-memory catalog {@code agg_mem}: DuckDB's tables, exported through Arrow. */
	@TestConfiguration(proxyBeanMethods = false)
	static class SameRowsInMemory {

		@Bean
		SharedCatalog aggregateMemoryCatalog(DuckDbDatabase database) throws Exception {
			InMemoryCatalog.Builder builder = InMemoryCatalog.builder();
			try (BufferAllocator allocator = new RootAllocator(); DuckDBConnection connection = database.connect()) {
				for (String table : List.of("facts", "empty")) {
					try (Statement statement = connection.createStatement();
							ResultSet rs = statement.executeQuery("SELECT * FROM agg_duck.main." + table);
							ArrowReader reader = (ArrowReader) ((DuckDBResultSet) rs).arrowExportStream(allocator,
									1_000_000)) {
						if (!reader.loadNextBatch()) {
							reader.getVectorSchemaRoot().setRowCount(0);
						}
						builder.table("main", table, reader.getVectorSchemaRoot());
					}
				}
			}
			return new SharedCatalog("agg_mem", builder.build());
		}

	}

}
