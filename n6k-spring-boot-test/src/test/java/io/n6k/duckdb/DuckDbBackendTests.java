package io.n6k.duckdb;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.client.ArrowIpc;
import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.client.Response;
import io.n6k.support.DuckDbTestConfiguration;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every op of the DuckDB backend against real DuckDB over real sockets (protocol §3.10,
 * §5, §8).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"n6k.duckdb.init-sql[0]=classpath:fixture.sql", "n6k.duckdb.init-sql[1]=classpath:types.sql" })
@Import(DuckDbTestConfiguration.class)
class DuckDbBackendTests extends SocketTestSupport {

	static final Map<String, Object> USERS = Map.of("schema", "main", "table", "users");

	@Autowired
	DuckDbDatabase database;

	// ---------------------------------------------------------------- CATALOG_LIST,
	// TABLES_LIST, TABLE_SCHEMA

	@Test
	void catalogListIsSortedWithoutSystemSchemas() {
		Response response = open("db").call(1, 1, Map.of());
		assertThat(response.frames().get(0).get("schemas")).isEqualTo(List.of("main", "test_schema"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void tablesListReportsTablesAndViewsWithAllFiveKeys() {
		N6kClient client = open("db");
		List<Object> all = (List<Object>) client.call(1, 2, Map.of()).frames().get(0).get("tables");
		assertThat(all).contains(
				Map.of("schema", "main", "name", "users", "writable", true, "editable", true, "primary_keys",
						List.of()),
				Map.of("schema", "main", "name", "adults", "writable", false, "editable", false, "primary_keys",
						List.of()),
				Map.of("schema", "main", "name", "keyed", "writable", true, "editable", true, "primary_keys",
						List.of("b", "a")),
				Map.of("schema", "test_schema", "name", "products", "writable", true, "editable", true, "primary_keys",
						List.of()));
		ReceivedFrame chunk = client.call(2, 2, Map.of("schema", "TEST_SCHEMA")).frames().get(0);
		assertThat(chunk.get("tables")).isEqualTo(List.of(Map.of("schema", "test_schema", "name", "products",
				"writable", true, "editable", true, "primary_keys", List.of())));
		assertThat(client.call(3, 2, Map.of("schema", "nope")).frames().get(0).get("tables")).isEqualTo(List.of());
		List<String> names = new ArrayList<>();
		all.forEach((row) -> names.add((String) ((Map<?, ?>) row).get("name")));
		assertThat(names).containsSubsequence("adults", "events", "keyed", "types", "users", "products");
		assertThat(names).doesNotContain("secret");
	}

	@Test
	void tableSchemaAnswersTheSchemaAndNoRows() {
		Response response = open("db").call(1, 3, USERS);
		assertThat(response.types()).containsExactly(2, 4);
		assertThat(hex(response.terminal().raw())).isEqualTo("82 a1 74 04 a2 69 64 01");
		assertThat(response.arrow().columnNames()).containsExactly("id", "name", "age");
		assertThat(response.arrow().rows()).isEmpty();
		Response missing = open("db").call(2, 3, Map.of("schema", "main", "table", "nope"));
		assertThat(missing.exceptionType()).isEqualTo("CatalogException");
		assertThat(missing.exceptionMessage()).startsWith("Table with name nope does not exist!");
	}

	@Test
	void arrowTypesFollowTheMappingTable() {
		Schema schema = open("db").call(1, 3, Map.of("schema", "main", "table", "types")).arrow().schema();
		Map<String, String> types = new java.util.LinkedHashMap<>();
		schema.getFields().forEach((field) -> types.put(field.getName(), field.getType().toString()));
		assertThat(types).containsEntry("b", "Bool")
			.containsEntry("ti", "Int(8, true)")
			.containsEntry("si", "Int(16, true)")
			.containsEntry("i", "Int(32, true)")
			.containsEntry("bi", "Int(64, true)")
			.containsEntry("uti", "Int(8, false)")
			.containsEntry("ubi", "Int(64, false)")
			.containsEntry("hi", "Decimal(38, 0, 128)")
			.containsEntry("f", "FloatingPoint(SINGLE)")
			.containsEntry("d", "FloatingPoint(DOUBLE)")
			.containsEntry("dec", "Decimal(10, 2, 128)")
			.containsEntry("v", "Utf8")
			.containsEntry("e", "Utf8")
			.containsEntry("u", "Utf8")
			.containsEntry("bl", "Binary")
			.containsEntry("dt", "Date(DAY)")
			.containsEntry("tm", "Time(MICROSECOND, 64)")
			.containsEntry("ttz", "Time(MICROSECOND, 64)")
			.containsEntry("ts", "Timestamp(MICROSECOND, null)")
			.containsEntry("tss", "Timestamp(SECOND, null)")
			.containsEntry("tsm", "Timestamp(MILLISECOND, null)")
			.containsEntry("tsn", "Timestamp(NANOSECOND, null)")
			.containsEntry("iv", "Interval(MONTH_DAY_NANO)")
			.containsEntry("l", "List")
			.containsEntry("st", "Struct")
			.containsEntry("m", "Map(false)")
			.containsEntry("arr", "FixedSizeList(3)")
			.containsEntry("js", "Utf8");
		assertThat(types.get("tstz")).startsWith("Timestamp(MICROSECOND, ");
		assertThat(types.get("un")).startsWith("Union(Sparse");
		assertThat(schema.getFields()).allSatisfy((field) -> {
			assertThat(field.isNullable()).isTrue();
			assertThat(field.getDictionary()).isNull();
		});
		assertThat(schema.getCustomMetadata()).isEmpty();
	}

	@Test
	void enumColumnsArriveAsPlainStringsAndNullTypeAsNull() {
		N6kClient client = open("db");
		Response scan = client.call(1, 4,
				Map.of("schema", "main", "table", "types", "columns", List.of("e", "u", "hi")));
		assertThat(scan.arrow().rows().get(0)).containsExactly("happy", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
				new BigDecimal("9"));
		Response nothing = client.call(2, 7, Map.of("sql", "SELECT NULL AS x"));
		assertThat(nothing.arrow().schema().getFields().get(0).getType()).isEqualTo(ArrowType.Null.INSTANCE);
		String zone = client.call(3, 7, Map.of("sql", "SELECT current_setting('TimeZone') AS tz")).exceptionType();
		assertThat(zone).isEqualTo("PermissionException");
	}

	@Test
	void argumentsThatAreNotUtf8AreAnsweredAsTheReferenceDoes() {
		N6kClient client = open("db");
		String invalid = "a3fffefd";
		client.sendRaw(java.util.HexFormat.of()
			.parseHex("85a17401a2696401a26f7004a6736368656d61a46d61696ea57461626c65" + invalid));
		assertThat(client.collect(1, 0, N6kClient.TIMEOUT).exceptionMessage())
			.isEqualTo("n6k_server: OP_SCAN body is not valid JSON");
		client.sendRaw(java.util.HexFormat.of()
			.parseHex("85a17401a2696402a26f7005a6736368656d61a46d61696ea57461626c65" + invalid));
		assertThat(client.collect(2, 0, N6kClient.TIMEOUT).exceptionMessage())
			.isEqualTo("n6k_server: OP_INSERT header is not valid JSON");
		client.sendRaw(java.util.HexFormat.of().parseHex("84a17401a2696403a26f7002a6736368656d61" + invalid));
		assertThat((List<?>) client.collect(3, 0, N6kClient.TIMEOUT).frames().get(0).get("tables"))
			.hasSizeGreaterThan(4);
		client.sendRaw(java.util.HexFormat.of().parseHex("84a17401a2696404a26f7001a178" + invalid));
		assertThat(client.collect(4, 0, N6kClient.TIMEOUT).isError()).isFalse();
	}

	// ---------------------------------------------------------------- SCAN

	@Test
	void scanReturnsAllRowsInTableOrder() {
		Response response = open("db").call(1, 4, USERS);
		assertThat(response.arrow().rows()).containsExactly(List.of(1, "Alice", 30), List.of(2, "Bob", 25),
				List.of(3, "Charlie", 35));
		assertThat(response.hasEos()).isTrue();
		assertThat(response.terminal().get("rowcount")).isNull();
		assertThat(response.terminal().has("rowcount")).isTrue();
	}

	@Test
	void scanProjectsColumnsInRequestOrderWithDuplicatesAndExoticNames() {
		N6kClient client = open("db");
		Response projected = client.call(1, 4,
				args("schema", "main", "table", "users", "columns", List.of("name", "id", "name")));
		assertThat(projected.arrow().columnNames()).containsExactly("name", "id", "name");
		assertThat(projected.arrow().rows().get(1)).containsExactly("Bob", 2, "Bob");
		Response exotic = client.call(2, 4, args("schema", "main", "table", "odd,&=%\"'name", "columns",
				List.of("a,b&c=d%\"'e", "mixed case"), "filters", List.of(List.of("a,b&c=d%\"'e", "=", 1))));
		assertThat(exotic.arrow().columnNames()).containsExactly("a,b&c=d%\"'e", "Mixed Case");
		assertThat(exotic.arrow().rows()).containsExactly(List.of(1, "x"));
		assertThat(
				client.call(3, 4, args("schema", "main", "table", "users", "columns", List.of())).arrow().columnNames())
			.containsExactly("id", "name", "age");
		Response missing = client.call(4, 4, args("schema", "main", "table", "users", "columns", List.of("nope")));
		assertThat(missing.exceptionType()).isEqualTo("BinderException");
		assertThat(missing.exceptionMessage()).contains("nope");
	}

	@Test
	void scanAppliesTheWholeFilterGrammar() {
		N6kClient client = open("db");
		assertThat(
				ids(client, List.of(
						List.of("or",
								List.of(List.of("age", "<", 26),
										List.of("and",
												List.of(List.of("age", ">", 30), List.of("name", "!=", "O'Neil"))))),
						List.of("id", "in", List.of(1, 2, 3)))))
			.containsExactly(2, 3);
		assertThat(ids(client, List.of(List.of("age", ">=", 30)))).containsExactly(1, 3);
		assertThat(ids(client, List.of(List.of("age", "<=", 30), List.of("name", "=", "Alice")))).containsExactly(1);
		assertThat(ids(client, List.of(java.util.Arrays.asList("name", "=", null)))).isEmpty();
		assertThat(ids(client, List.of(List.of("id", "in", java.util.Arrays.asList(1, null))))).containsExactly(1);
		assertThat(ids(client, List.of(java.util.Arrays.asList("name", "is_null", null)))).isEmpty();
		assertThat(ids(client, List.of(java.util.Arrays.asList("name", "is_not_null", null)))).containsExactly(1, 2, 3);
		assertThat(ids(client, "filters-not-a-list")).containsExactly(1, 2, 3);
		assertThat(eventIds(client, List.of(List.of("d", "=", "2024-01-15")))).containsExactly(1);
		assertThat(eventIds(client, List.of(List.of("ts", ">", "2024-01-20 00:00:00")))).containsExactly(2);
		assertThat(eventIds(client, List.of(List.of("price", "=", "9.99")))).containsExactly(2);
		assertThat(eventIds(client, List.of(List.of("price", "=", 9.99)))).containsExactly(2);
		assertThat(eventIds(client, List.of(List.of("score", "=", 1.1)))).containsExactly(1);
		assertThat(eventIds(client, List.of(List.of("tag", "!=", "a")))).containsExactly(3);
		Response bad = client.call(9, 4,
				args("schema", "main", "table", "events", "filters", List.of(List.of("d", "=", "not a date"))));
		assertThat(bad.exceptionType()).isEqualTo("ConversionException");
		assertThat(bad.exceptionMessage()).contains("not a date");
		Response cast = client.call(11, 7, Map.of("sql", "SELECT 'x'::INTEGER FROM range(5000)"));
		assertThat(cast.exceptionType()).isEqualTo("ConversionException");
		assertThat(cast.exceptionMessage()).contains("Could not convert string 'x' to INT32");
		Response empty = client.call(10, 4,
				args("schema", "main", "table", "users", "filters", List.of(List.of("id", "in", List.of()))));
		// rendered as "id" IN (): DuckDB 1.5 rejected it (ParserException), DuckDB 2.0
		// matches nothing
		if (empty.isError()) {
			assertThat(empty.exceptionType()).isEqualTo("ParserException");
		}
		else {
			assertThat(empty.arrow().rows()).isEmpty();
		}
	}

	@Test
	void invalidFiltersAreRejectedWithTheReferenceMessages() {
		N6kClient client = open("db");
		assertThat(filterError(client, List.of("id"))).isEqualTo("n6k: malformed filter clause");
		assertThat(filterError(client, List.of(List.of("id", "=", 1, "int"))))
			.isEqualTo("n6k: malformed filter clause");
		assertThat(filterError(client, List.of(List.of(5, "=", 1))))
			.isEqualTo("n6k: filter column/group must be a string");
		assertThat(filterError(client, List.of(List.of("xor", List.of(List.of("id", "=", 1))))))
			.isEqualTo("n6k: unsupported filter group 'xor'");
		assertThat(filterError(client, List.of(List.of("and", List.of()))))
			.isEqualTo("n6k: malformed 'and' filter group");
		assertThat(filterError(client, List.of(List.of("or", "x")))).isEqualTo("n6k: malformed 'or' filter group");
		assertThat(filterError(client, List.of(List.of("id", 1, 1))))
			.isEqualTo("n6k: filter operator must be a string");
		assertThat(filterError(client, List.of(List.of("id", "like", 1))))
			.isEqualTo("n6k: unsupported filter operator 'like'");
		assertThat(filterError(client, List.of(List.of("id", "; DROP TABLE users --", 1))))
			.isEqualTo("n6k: unsupported filter operator '; DROP TABLE users --'");
		assertThat(filterError(client, List.of(List.of("id", "in", 1))))
			.isEqualTo("n6k: 'in' filter requires a list value");
		assertThat(filterError(client, List.of(List.of("id", "=", List.of(1)))))
			.isEqualTo("n6k: unsupported filter value type");
		assertThat(filterError(client, List.of(List.of("id", "in", List.of(Map.of("a", 1))))))
			.isEqualTo("n6k: unsupported filter value type");
		assertThat(client.call(20, 4, USERS).arrow().rows()).hasSize(3);
	}

	@Test
	void batchRowsIsHonouredAndDefaultBatchesStayWithinTheLimits() {
		N6kClient client = open("db");
		assertThat(client.call(1, 4, args("schema", "main", "table", "users", "_batch_rows", 1)).dataChunks())
			.isEqualTo(3);
		Response counter = client.call(2, 7, Map.of("sql", "SELECT * FROM n6k_testing_stream_counter(40000)"));
		assertThat(counter.dataChunks()).isBetween(1L, 24L);
		assertThat(counter.arrow().rows()).hasSize(40000);
		assertThat(client.call(3, 7, Map.of("sql", "SELECT * FROM range(5000)")).dataChunks()).isBetween(1L, 8L);
		Response big = client.call(4, 7, Map.of("sql", "SELECT * FROM range(100000)", "_batch_rows", 30000));
		assertThat(big.arrow().rows()).hasSize(100000);
	}

	// ---------------------------------------------------------------- INSERT

	@Test
	void insertCountsPayloadRowsAndReadsBackPositionally() {
		N6kClient client = open("db");
		byte[] body = products(List.of(99, 100), List.of("Gizmo", "Doohickey"), List.of(1.25, 2.5));
		Response insert = client.call(1, 0, 5, Map.of("schema", "test_schema", "table", "products"), body);
		assertThat(hex(insert.terminal().raw())).isEqualTo("83 a1 74 04 a2 69 64 01 a8 72 6f 77 63 6f 75 6e 74 02");
		Response back = client.call(2, 4,
				args("schema", "test_schema", "table", "products", "filters", List.of(List.of("id", ">=", 99))));
		assertThat(back.arrow().rows()).containsExactly(List.of(99, "Gizmo", 1.25), List.of(100, "Doohickey", 2.5));
		client.call(3, 6, Map.of("sql", "DELETE FROM db.test_schema.products WHERE id >= 99"));
	}

	@Test
	void fragmentedMessagesAreJoined() {
		N6kClient client = open("db");
		List<Integer> ids = new ArrayList<>();
		List<String> names = new ArrayList<>();
		List<Double> prices = new ArrayList<>();
		for (int i = 0; i < 20000; i++) {
			ids.add(1000 + i);
			names.add("part " + i);
			prices.add(i / 10.0);
		}
		byte[] body = products(ids, names, prices);
		client.sendFragmented(
				N6kClient.frame(Map.of("t", 1, "id", 1, "op", 5, "schema", "test_schema", "table", "products"), body),
				32 * 1024);
		assertThat(client.collect(1, 0, N6kClient.TIMEOUT).terminal().get("rowcount")).isEqualTo(20000L);
		Response sum = client.call(2, 7,
				Map.of("sql", "SELECT count(*) AS n, sum(id) AS s FROM db.test_schema.products " + "WHERE id >= 1000"));
		assertThat(sum.arrow().rows()).containsExactly(List.of(20000L, new BigDecimal("219990000")));
		client.call(3, 6, Map.of("sql", "DELETE FROM db.test_schema.products WHERE id >= 1000"));
	}

	@Test
	void insertDecodesDictionaryColumns() {
		N6kClient client = open("db");
		try (BufferAllocator allocator = new RootAllocator()) {
			VarCharVector values = new VarCharVector("dict", allocator);
			values.allocateNew();
			values.setSafe(0, "Dee".getBytes());
			values.setSafe(1, "Dum".getBytes());
			values.setValueCount(2);
			DictionaryEncoding encoding = new DictionaryEncoding(7, false, new ArrowType.Int(8, true));
			Dictionary dictionary = new Dictionary(values, encoding);
			DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider(
					dictionary);
			VarCharVector plain = new VarCharVector("name", allocator);
			plain.allocateNew();
			plain.setSafe(0, "Dum".getBytes());
			plain.setSafe(1, "Dee".getBytes());
			plain.setValueCount(2);
			ValueVector encoded = DictionaryEncoder.encode(plain, dictionary);
			IntVector id = new IntVector("id", allocator);
			id.allocateNew(2);
			id.set(0, 41);
			id.set(1, 42);
			id.setValueCount(2);
			IntVector age = new IntVector("age", allocator);
			age.allocateNew(2);
			age.setNull(0);
			age.set(1, 7);
			age.setValueCount(2);
			try (VectorSchemaRoot root = new VectorSchemaRoot(
					List.of(id.getField(), encoded.getField(), age.getField()),
					List.of(id, (org.apache.arrow.vector.FieldVector) encoded, age), 2)) {
				byte[] body = ArrowIpc.stream(root, provider, true);
				assertThat(client.call(1, 0, 5, USERS, body).terminal().get("rowcount")).isEqualTo(2L);
			}
			finally {
				plain.close();
				values.close();
			}
		}
		Response back = client.call(2, 4,
				args("schema", "main", "table", "users", "filters", List.of(List.of("id", ">", 40))));
		assertThat(back.arrow().rows()).containsExactly(java.util.Arrays.asList(41, "Dum", null),
				List.of(42, "Dee", 7));
		client.call(3, 6, Map.of("sql", "DELETE FROM db.main.users WHERE id > 40"));
	}

	@Test
	void insertEdgeCasesFailTheWayTheReferenceDoes() {
		N6kClient client = open("db");
		byte[] schemaOnly = schemaOnlyProducts();
		Response none = client.call(1, 0, 5, Map.of("schema", "test_schema", "table", "products"), schemaOnly);
		assertThat(none.isError()).as(String.valueOf(none.terminal())).isFalse();
		assertThat(none.terminal().get("rowcount")).isEqualTo(0L);
		Response empty = client.call(2, 0, 5, Map.of("schema", "test_schema", "table", "products"), new byte[0]);
		assertThat(empty.exceptionType()).isEqualTo("InvalidInputException");
		assertThat(empty.exceptionMessage())
			.isEqualTo("n6k_server: malformed Arrow IPC insert payload (schema unreadable)");
		Response garbage = client.call(3, 0, 5, Map.of("schema", "test_schema", "table", "products"),
				new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
		assertThat(garbage.exceptionMessage())
			.isEqualTo("n6k_server: malformed Arrow IPC insert payload (schema unreadable)");
		Response wrongWidth = client.call(4, 0, 5, USERS, twoColumnsOnly());
		assertThat(wrongWidth.exceptionType()).isEqualTo("BinderException");
		Response unknown = client.call(5, 0, 5, Map.of("schema", "main", "table", "nope"), schemaOnly);
		assertThat(unknown.exceptionType()).isEqualTo("CatalogException");
		assertThat(client.call(6, 0, 5, Map.of("schema", "main"), schemaOnly).exceptionMessage())
			.isEqualTo("n6k_server: OP_INSERT requires \"schema\" and \"table\"");
	}

	// ---------------------------------------------------------------- EXEC and QUERY

	@Test
	void execReportsTheFirstCellAsRowCount() {
		N6kClient client = open("db");
		assertThat(rowCount(client, 1, "UPDATE db.main.users SET name = 'Bobby' WHERE id = 2")).isEqualTo(1);
		assertThat(rowCount(client, 2, "UPDATE db.main.users SET name = 'Bob' WHERE id = 2")).isEqualTo(1);
		assertThat(rowCount(client, 3, "CREATE TABLE db.main.scratch (x INTEGER)")).isZero();
		assertThat(rowCount(client, 4, "INSERT INTO db.main.scratch VALUES (1), (2), (3)")).isEqualTo(3);
		assertThat(rowCount(client, 5, "DELETE FROM db.main.scratch WHERE x >= 2")).isEqualTo(2);
		assertThat(rowCount(client, 6, "SELECT 42")).isEqualTo(42);
		assertThat(rowCount(client, 7, "SELECT NULL")).isZero();
		assertThat(rowCount(client, 8, "DROP TABLE db.main.scratch")).isZero();
		Response text = client.call(9, 6, Map.of("sql", "SELECT 'x'"));
		assertThat(text.exceptionType()).isEqualTo("ConversionException");
		assertThat(client.call(10, 6, Map.of("sql", "")).exceptionMessage())
			.isEqualTo("n6k_server: OP_EXEC requires a \"sql\" field");
		assertThat(client.call(11, 7, Map.of("sql", 5)).exceptionMessage())
			.isEqualTo("n6k_server: OP_QUERY requires a \"sql\" field");
	}

	@Test
	void queryStreamsResultsAndDmlCounts() {
		N6kClient client = open("db");
		Response answer = client.call(1, 7, Map.of("sql", "SELECT 42 AS n"));
		assertThat(answer.arrow().rows()).containsExactly(List.of(42));
		assertThat(answer.terminal().get("rowcount")).isNull();
		Response dml = client.call(2, 7, Map.of("sql", "UPDATE db.main.users SET age = age WHERE id = 1"));
		assertThat(dml.arrow().rows()).containsExactly(List.of(1L));
		Response ordered = client.call(3, 7,
				Map.of("sql", "SELECT id, name FROM db.main.users ORDER BY id", "_batch_rows", 1));
		assertThat(ordered.dataChunks()).isEqualTo(3);
	}

	@Test
	void duckDbErrorsKeepTheirTypesAndLoseTheirPrefix() throws Exception {
		N6kClient client = open("db");
		Response missing = client.call(1, 7, Map.of("sql", "SELECT * FROM definitely_not_a_table"));
		assertThat(missing.exceptionType()).isEqualTo("CatalogException");
		assertThat(missing.exceptionMessage()).startsWith("Table with name definitely_not_a_table does not exist!");
		assertThat(missing.exceptionMessage()).isEqualTo(executed("SELECT * FROM definitely_not_a_table"));
		Response parser = client.call(2, 7, Map.of("sql", "SELEC 1"));
		assertThat(parser.exceptionType()).isEqualTo("ParserException");
		assertThat(parser.exceptionMessage()).isEqualTo(executed("SELEC 1"));
		Response binder = client.call(3, 7, Map.of("sql", "SELECT no_such_column FROM db.main.users"));
		assertThat(binder.exceptionType()).isEqualTo("BinderException");
		assertThat(binder.exceptionMessage()).isEqualTo(executed("SELECT no_such_column FROM db.main.users"));
		Response delete = client.call(4, 6, Map.of("sql", "DELETE FROM nonexistent_xyz WHERE 1=1"));
		assertThat(delete.exceptionType()).isEqualTo("CatalogException");
		assertThat(delete.exceptionMessage()).contains("nonexistent_xyz");
		Response notSql = client.call(5, 6, Map.of("sql", "NOT VALID SQL AT ALL;"));
		assertThat(notSql.exceptionType()).isIn("ParserException", "SyntaxException");
		assertThat(notSql.terminal().has("retriable")).isFalse();
	}

	@Test
	void writeConflictIsRetriable() throws Exception {
		N6kClient client = open("db");
		try (Connection other = this.database.connect(); Statement statement = other.createStatement()) {
			other.setAutoCommit(false);
			statement.execute("UPDATE db.main.users SET age = 31 WHERE id = 1");
			Response conflict = client.call(1, 6, Map.of("sql", "UPDATE db.main.users SET age = 32 WHERE id = 1"));
			assertThat(conflict.exceptionType()).isEqualTo("TransactionException");
			assertThat(conflict.terminal().get("retriable")).isEqualTo(true);
			other.rollback();
		}
	}

	// ---------------------------------------------------------------- RPC

	@Test
	void rpcResolvesCatalogMacrosThenBareNames() {
		N6kClient client = open("db");
		Response echo = client.call(1, 8, Map.of("function", "echo", "args", List.of(1.1)));
		assertThat(echo.arrow().rows()).containsExactly(List.of(new BigDecimal("1.1")));
		assertThat(echo.arrow().schema().getFields().get(0).getType()).isInstanceOf(ArrowType.Decimal.class);
		assertThat(client.call(2, 8, Map.of("function", "echo", "args", List.of("only"))).arrow().rows())
			.containsExactly(List.of("only"));
		assertThat(client.call(3, 8, Map.of("function", "echo", "args", List.of("a", 2))).arrow().rows())
			.containsExactly(List.of("a", 2));
		assertThat(client.call(4, 8, Map.of("function", "doubler", "args", List.of(21))).arrow().rows())
			.containsExactly(List.of(42));
		Response struct = client.call(5, 8, Map.of("function", "struct_arg", "args", List.of(Map.of("x", 1, "y", 2))));
		assertThat(struct.arrow().rows()).containsExactly(List.of(1, 2));
		assertThat(client.call(6, 8, Map.of("function", "range", "args", List.of(3))).arrow().rows()).hasSize(3);
		Response unknown = client.call(7, 8, Map.of("function", "no_such_function"));
		assertThat(unknown.exceptionType()).isEqualTo("CatalogException");
		assertThat(unknown.exceptionMessage()).contains("no_such_function");
		assertThat(client.call(8, 8, Map.of("args", List.of())).exceptionMessage())
			.isEqualTo("n6k_server: OP_RPC_SCALAR requires a \"function\" field");
		assertThat(client.call(9, 8, Map.of("function", "echo", "args", List.of(List.of(1, 2)))).arrow().rows())
			.containsExactly(List.of(List.of(1, 2)));
	}

	@Test
	void rpcTablePushesRowsAsARequestPrivateTable() {
		N6kClient client = open("db");
		byte[] body = ids(List.of(1L, 2L, 3L));
		Response macro = client.call(1, 0, 9, Map.of("function", "sum_table"), body);
		assertThat(macro.arrow().rows()).containsExactly(List.of(6L));
		Response host = client.call(2, 0, 9, Map.of("function", "sum_input"), ids(List.of(10L, 20L, 30L)));
		assertThat(host.arrow().rows()).containsExactly(List.of(60L));
		Response noBody = client.call(3, 0, 9, Map.of("function", "sum_input"), new byte[0]);
		assertThat(noBody.arrow().rows()).containsExactly(List.of(0L));
		Response macroWithoutBody = client.call(4, 0, 9, Map.of("function", "sum_table"), new byte[0]);
		assertThat(macroWithoutBody.exceptionType()).isEqualTo("InvalidInputException");
		assertThat(client.call(5, 0, 9, Map.of(), body).exceptionMessage())
			.isEqualTo("n6k_server: OP_RPC_TABLE requires a \"function\" field");
		Response isolated = client.call(6, 7, Map.of("sql", "SELECT * FROM __n6k_rpc_in"));
		assertThat(isolated.isError()).isTrue();
	}

	@Test
	void streamingRpcHonoursCreditsAndCancel() {
		N6kClient client = open("db");
		client.request(1, 8, Map.of("function", "stream_counter", "args", List.of(0)));
		assertThat(client.next().type()).isEqualTo(2);
		for (int i = 0; i < 8; i++) {
			assertThat(client.next().type()).isEqualTo(3);
		}
		assertThat(client.poll((f) -> f.type() == 3, Duration.ofMillis(500))).isNull();
		client.credit(1, 0, 2);
		client.next();
		client.next();
		client.cancel(1, 0);
		ReceivedFrame end = client.take((f) -> f.type() == 4, N6kClient.TIMEOUT);
		assertThat(end.get("cancelled")).isEqualTo(true);
		// DuckDB's Arrow exporter fills a batch before handing it over, so a slow DuckDB
		// table function's rows may share a chunk (host RPC functions stream per batch).
		Response bounded = client.call(2, 8, Map.of("function", "slow_ticker", "args", List.of(3, 50)));
		assertThat(bounded.dataChunks()).isBetween(1L, 3L);
		assertThat(bounded.arrow().rows()).containsExactly(List.of(0L), List.of(1L), List.of(2L));
	}

	@Test
	void hostRpcTeardownRunsBeforeTheCancelledEnd() {
		N6kClient client = open("db");
		int before = DuckDbTestConfiguration.tickerCloses.get();
		client.request(1, 8, Map.of("function", "ticker", "args", List.of(0, 20)));
		client.take((f) -> f.type() == 3, N6kClient.TIMEOUT);
		client.cancel(1, 0);
		client.take((f) -> f.type() == 4 && Boolean.TRUE.equals(f.get("cancelled")), N6kClient.TIMEOUT);
		assertThat(DuckDbTestConfiguration.tickerCloses.get()).isEqualTo(before + 1);
		Response bounded = client.call(2, 8, Map.of("function", "ticker", "args", List.of(4, 10)));
		assertThat(bounded.dataChunks()).isEqualTo(4);
	}

	// ---------------------------------------------------------------- CREATE_TABLE and
	// ALTER_TABLE

	@Test
	void createTableAcceptsEveryDuckDbTypeAndNothingElse() {
		N6kClient client = open("db");
		List<Map<String, String>> columns = List.of(Map.of("name", "id", "type", "INTEGER"),
				Map.of("name", "label", "type", "VARCHAR"), Map.of("name", "amount", "type", "DECIMAL(10,2)"),
				Map.of("name", "at", "type", "TIMESTAMP WITH TIME ZONE"), Map.of("name", "tags", "type", "INTEGER[]"),
				Map.of("name", "s", "type", "STRUCT(a INTEGER, b VARCHAR)"),
				Map.of("name", "m", "type", "MAP(VARCHAR, INTEGER)"));
		Response created = client.call(1, 10, Map.of("schema", "main", "name", "t1", "columns", columns));
		assertThat(hex(created.terminal().raw())).isEqualTo("83 a1 74 04 a2 69 64 01 a2 6f 6b c3");
		assertThat(client.call(2, 3, Map.of("schema", "main", "table", "t1")).arrow().columnNames())
			.containsExactly("id", "label", "amount", "at", "tags", "s", "m");
		assertThat(client.call(3, 10, Map.of("schema", "main", "name", "t1", "columns", columns)).exceptionType())
			.isEqualTo("CatalogException");
		assertThat(client.call(4, 10, Map.of("schema", "main", "name", "t2", "columns", List.of())).exceptionType())
			.isEqualTo("ParserException");
		Response injection = client.call(5, 10, Map.of("schema", "main", "name", "t3", "columns",
				List.of(Map.of("name", "x", "type", "INTEGER); DROP TABLE db.main.users; --"))));
		assertThat(injection.exceptionType()).isEqualTo("InvalidInputException");
		Response subquery = client.call(6, 10, Map.of("schema", "main", "name", "t3", "columns",
				List.of(Map.of("name", "x", "type", "INTEGER), (SELECT s FROM memory.main.secret"))));
		assertThat(subquery.isError()).isTrue();
		assertThat(client.call(7, 10,
				Map.of("schema", "main", "name", "t3", "columns", List.of(Map.of("name", "x", "type", "NO_SUCH_TYPE"))))
			.exceptionType()).isEqualTo("CatalogException");
		assertThat(client.call(8, 10, Map.of("schema", "main", "name", "t3", "columns", List.of(Map.of("name", "x"))))
			.exceptionMessage()).isEqualTo("n6k: each column requires \"name\" and \"type\"");
		assertThat(client.call(9, 10, Map.of("schema", "main", "name", "t3")).exceptionMessage())
			.isEqualTo("n6k_server: OP_CREATE_TABLE requires \"schema\", \"name\", and \"columns\"");
		assertThat(client.call(10, 4, USERS).arrow().rows()).hasSize(3);
		client.call(11, 6, Map.of("sql", "DROP TABLE db.main.t1"));
	}

	@Test
	void alterTableSupportsThreeKinds() {
		N6kClient client = open("db");
		client.call(1, 10, Map.of("schema", "main", "name", "alt", "columns",
				List.of(Map.of("name", "id", "type", "INTEGER"), Map.of("name", "label", "type", "VARCHAR"))));
		assertThat(
				client
					.call(2, 11,
							Map.of("schema", "main", "table", "alt", "kind", "rename_column", "details",
									Map.of("old_name", "label", "new_name", "name")))
					.terminal()
					.get("ok"))
			.isEqualTo(true);
		client.call(3, 11, Map.of("schema", "main", "table", "alt", "kind", "add_column", "details",
				Map.of("name", "extra", "type", "DOUBLE")));
		client.call(4, 11,
				Map.of("schema", "main", "table", "alt", "kind", "drop_column", "details", Map.of("name", "id")));
		assertThat(client.call(5, 3, Map.of("schema", "main", "table", "alt")).arrow().columnNames())
			.containsExactly("name", "extra");
		assertThat(alterError(client, "add_column", Map.of("name", "x")))
			.isEqualTo("n6k: add_column requires \"name\" and \"type\"");
		assertThat(alterError(client, "drop_column", Map.of())).isEqualTo("n6k: drop_column requires \"name\"");
		assertThat(alterError(client, "rename_column", Map.of("old_name", "a")))
			.isEqualTo("n6k: rename_column requires \"old_name\" and \"new_name\"");
		assertThat(alterError(client, "set_type", Map.of()))
			.isEqualTo("n6k: unsupported alter kind 'set_type' (add_column, drop_column, rename_column)");
		assertThat(client.call(10, 11, Map.of("schema", "main", "table", "alt")).exceptionMessage())
			.isEqualTo("n6k_server: OP_ALTER_TABLE requires \"schema\", \"table\", and \"kind\"");
		assertThat(alterError(client, "add_column", Map.of("name", "y", "type", "INTEGER DEFAULT 1"))).isNotNull();
		client.call(11, 6, Map.of("sql", "DROP TABLE db.main.alt"));
	}

	// ---------------------------------------------------------------- AGGREGATE

	@Test
	void aggregateMatchesTheFixtureExpectations() {
		N6kClient client = open("db");
		Response plain = client.call(1, 13, args("schema", "main", "table", "users", "group_by", List.of(),
				"aggregates", List.of(Map.of("fn", "count"), Map.of("fn", "min", "col", "name"))));
		assertThat(plain.arrow().columnNames()).containsExactly("a0", "a1");
		assertThat(plain.arrow().rows()).containsExactly(List.of(3L, "Alice"));
		Response none = client.call(2, 13,
				args("schema", "main", "table", "users", "aggregates",
						List.of(Map.of("fn", "count"), Map.of("fn", "min", "col", "name")), "filters",
						List.of(List.of("id", "<", 0))));
		assertThat(none.arrow().rows()).containsExactly(java.util.Arrays.asList(0L, null));
		Response grouped = client.call(3, 13, args("schema", "main", "table", "users", "group_by", List.of("age"),
				"aggregates", List.of(Map.of("fn", "count")), "filters", List.of(List.of("id", "<", 0))));
		assertThat(grouped.arrow().rows()).isEmpty();
		Response or = client.call(4, 13,
				args("schema", "main", "table", "users", "aggregates",
						List.of(Map.of("fn", "count", "alias", "ignored")), "filters",
						List.of(List.of("or", List.of(List.of("age", ">", 30), List.of("age", "<", 26))))));
		assertThat(or.arrow().rows()).containsExactly(List.of(2L));
		Response sum = client.call(5, 13,
				args("schema", "main", "table", "users", "aggregates", List.of(Map.of("fn", "sum", "col", "id"),
						Map.of("fn", "avg", "col", "age"), Map.of("fn", "count", "col", "name"))));
		assertThat(sum.arrow().schema().getFields().get(0).getType()).isEqualTo(new ArrowType.Decimal(38, 0, 128));
		assertThat(sum.arrow().rows()).containsExactly(List.of(new BigDecimal("6"), 30.0, 3L));
		Response keys = client.call(6, 13, args("schema", "main", "table", "users", "group_by", List.of("age", "name"),
				"aggregates", List.of(Map.of("fn", "max", "col", "id"))));
		assertThat(keys.arrow().columnNames()).containsExactly("g0", "g1", "a0");
		assertThat(keys.arrow().rows()).hasSize(3);
	}

	@Test
	void aggregateValidationUsesTheReferenceMessages() {
		N6kClient client = open("db");
		assertThat(aggregateError(client, List.of("count"))).isEqualTo("n6k: malformed aggregate");
		assertThat(aggregateError(client, List.of(Map.of("fn", "median", "col", "age"))))
			.isEqualTo("n6k: unsupported aggregate function 'median'");
		assertThat(aggregateError(client, List.of(Map.of("col", "age"))))
			.isEqualTo("n6k: unsupported aggregate function '?'");
		assertThat(aggregateError(client, List.of(Map.of("fn", "sum"))))
			.isEqualTo("n6k: aggregate 'sum' requires a column");
		assertThat(aggregateError(client, List.of(Map.of("fn", "max", "col", 5))))
			.isEqualTo("n6k: aggregate column must be a string");
		assertThat(aggregateError(client, List.of()))
			.isEqualTo("n6k: aggregate request has no group keys and no aggregates");
		Response operator = client.call(9, 13, args("schema", "main", "table", "users", "aggregates",
				List.of(Map.of("fn", "count")), "filters", List.of(List.of("age", "; DROP TABLE users --", 1))));
		assertThat(operator.exceptionMessage()).contains("unsupported filter operator");
		assertThat(client.call(10, 13, Map.of("schema", "main")).exceptionMessage())
			.isEqualTo("n6k_server: OP_AGGREGATE requires \"schema\" and \"table\"");
	}

	// ---------------------------------------------------------------- concurrency and
	// cancel

	@Test
	void requestsOnOneSocketRunInParallel() {
		N6kClient client = open("db");
		long start = System.nanoTime();
		for (int id = 1; id <= 8; id++) {
			client.request(id, 7, Map.of("sql", "SELECT * FROM n6k_testing_stream_counter(1, 500)"));
		}
		for (int id = 1; id <= 8; id++) {
			assertThat(client.collect(id, 0, N6kClient.TIMEOUT, true).arrow().rows()).hasSize(1);
		}
		// Eight 500 ms sleeps one after another take at least 4 s; any overlap is less. A
		// tighter bound would measure the machine's load, not the engine.
		assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(8 * 500);
	}

	@Test
	void cancelStopsAnEndlessQueryInsideDuckDb() throws Exception {
		N6kClient client = open("db");
		client.request(1, 7, Map.of("sql", "SELECT * FROM n6k_testing_stream_counter(0)"));
		for (int i = 0; i < 9; i++) {
			client.next();
		}
		client.cancel(1, 0);
		assertThat(client.take((f) -> f.type() == 4, N6kClient.TIMEOUT).get("cancelled")).isEqualTo(true);
		client.request(2, 7, Map.of("sql", "SELECT sum(range) FROM range(1000000000000)"));
		Thread.sleep(300);
		client.cancel(2, 0);
		ReceivedFrame end = client.take((f) -> f.type() == 4 || f.type() == 5, Duration.ofSeconds(5));
		assertThat(end.type()).isEqualTo(4);
		assertThat(end.get("cancelled")).isEqualTo(true);
		Thread.sleep(300);
		long cpuBefore = processCpuNanos();
		Thread.sleep(1000);
		long cpuUsed = processCpuNanos() - cpuBefore;
		assertThat(cpuUsed).as("CPU used in the second after cancel").isLessThan(400_000_000L);
		assertThat(client.call(3, 7, Map.of("sql", "SELECT 1 AS one")).arrow().rows()).containsExactly(List.of(1));
	}

	// ---------------------------------------------------------------- helpers

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private String executed(String sql) throws Exception {
		try (Connection connection = this.database.connect(); Statement statement = connection.createStatement()) {
			statement.executeQuery(sql).close();
			return "(no error)";
		}
		catch (java.sql.SQLException ex) {
			return ex.getMessage().substring(ex.getMessage().indexOf(" Error: ") + " Error: ".length());
		}
	}

	private static List<Object> ids(N6kClient client, Object filters) {
		Response response = client.call(100, 4, args("schema", "main", "table", "users", "filters", filters));
		assertThat(response.isError()).as(String.valueOf(response.terminal())).isFalse();
		return response.arrow().rows().stream().map((row) -> row.get(0)).toList();
	}

	private static List<Object> eventIds(N6kClient client, Object filters) {
		Response response = client.call(101, 4,
				args("schema", "main", "table", "events", "columns", List.of("id"), "filters", filters));
		assertThat(response.isError()).as(String.valueOf(response.terminal())).isFalse();
		return response.arrow().rows().stream().map((row) -> row.get(0)).toList();
	}

	private static String filterError(N6kClient client, Object filters) {
		Response response = client.call(102, 4, args("schema", "main", "table", "users", "filters", filters));
		assertThat(response.exceptionType()).isEqualTo("InvalidInputException");
		return response.exceptionMessage();
	}

	private static String aggregateError(N6kClient client, Object aggregates) {
		Response response = client.call(103, 13, args("schema", "main", "table", "users", "aggregates", aggregates));
		assertThat(response.exceptionType()).isEqualTo("InvalidInputException");
		return response.exceptionMessage();
	}

	private static String alterError(N6kClient client, String kind, Map<String, Object> details) {
		Response response = client.call(104, 11,
				Map.of("schema", "main", "table", "alt", "kind", kind, "details", details));
		assertThat(response.isError()).isTrue();
		return response.exceptionMessage();
	}

	private static long rowCount(N6kClient client, long id, String sql) {
		Response response = client.call(id, 6, Map.of("sql", sql));
		assertThat(response.isError()).as(String.valueOf(response.terminal())).isFalse();
		return (Long) response.terminal().get("rowcount");
	}

	private static byte[] products(List<Integer> ids, List<String> names, List<Double> prices) {
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot.create(
						new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(32, true)), null),
								new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
								new Field("price",
										FieldType.nullable(new ArrowType.FloatingPoint(
												org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)),
										null))),
						allocator)) {
			root.allocateNew();
			for (int i = 0; i < ids.size(); i++) {
				((IntVector) root.getVector(0)).setSafe(i, ids.get(i));
				((VarCharVector) root.getVector(1)).setSafe(i, names.get(i).getBytes());
				((org.apache.arrow.vector.Float8Vector) root.getVector(2)).setSafe(i, prices.get(i));
			}
			root.setRowCount(ids.size());
			return ArrowIpc.stream(root);
		}
	}

	private static byte[] schemaOnlyProducts() {
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot.create(
						new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(32, true)), null),
								new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
								new Field("price",
										FieldType.nullable(new ArrowType.FloatingPoint(
												org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)),
										null))),
						allocator)) {
			return ArrowIpc.stream(root, null, false);
		}
	}

	private static byte[] twoColumnsOnly() {
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot
					.create(new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(32, true)), null),
							new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null))), allocator)) {
			return ArrowIpc.stream(root, null, false);
		}
	}

	private static byte[] ids(List<Long> values) {
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot.create(
						new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null))),
						allocator)) {
			BigIntVector vector = (BigIntVector) root.getVector(0);
			vector.allocateNew(values.size());
			for (int i = 0; i < values.size(); i++) {
				vector.set(i, values.get(i));
			}
			vector.setValueCount(values.size());
			root.setRowCount(values.size());
			return ArrowIpc.stream(root);
		}
	}

}
