package io.n6k.access;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.n6k.client.ArrowIpc;
import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Grants hold against a hostile client on every path (protocol §6, §10): each attempt is
 * refused with a closed-set error and leaves data and file system unchanged, while the
 * granted paths keep working.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.bridge_db.path=:memory:",
				"n6k.catalogs.bridge_db.permissions[main.items]=readwrite",
				"n6k.catalogs.bridge_db.permissions[readonly_items]=read",
				"n6k.catalogs.bridge_db.permissions[main.keyless]=readwrite",
				"n6k.catalogs.bridge_db.primary-keys[main.items]=id", "n6k.catalogs.open_db.path=:memory:",
				"n6k.catalogs.open_db.access=all", "n6k.catalogs.ro_db.path=:memory:",
				"n6k.catalogs.ro_db.read-only=true", "n6k.catalogs.ro_db.access=all",
				"n6k.duckdb.init-sql=classpath:access.sql" })
class AccessControlTests extends SocketTestSupport {

	static final String NOT_FOUND = "CatalogException";

	static final String REFUSED = "PermissionException";

	@Autowired
	DuckDbDatabase database;

	@TempDir
	Path files;

	N6kClient bridge;

	long id;

	Map<String, Long> before;

	@BeforeEach
	void snapshot() throws Exception {
		this.bridge = open("bridge_db");
		this.before = counts();
	}

	@AfterEach
	void nothingChanged() throws Exception {
		assertThat(counts()).as("row counts of every table").isEqualTo(this.before);
		try (var paths = Files.list(this.files)) {
			assertThat(paths.toList()).as("files written").isEmpty();
		}
	}

	// ---------------------------------------------------------------- listings

	@Test
	void listingsShowOnlyGrantedTables() {
		assertThat(this.bridge.call(1, 1, Map.of()).frames().get(0).get("schemas")).isEqualTo(List.of("main"));
		assertThat(this.bridge.call(2, 2, Map.of()).frames().get(0).get("tables")).isEqualTo(List.of(
				Map.of("schema", "main", "name", "items", "writable", true, "editable", false, "primary_keys",
						List.of("id")),
				Map.of("schema", "main", "name", "keyless", "writable", true, "editable", false, "primary_keys",
						List.of()),
				Map.of("schema", "main", "name", "readonly_items", "writable", false, "editable", false, "primary_keys",
						List.of("id"))));
		assertThat(this.bridge.call(3, 2, Map.of("schema", "hidden")).frames().get(0).get("tables"))
			.isEqualTo(List.of());
	}

	// ---------------------------------------------------------------- structured ops

	@Test
	void structuredOpsCannotReachUngrantedTables() {
		expect(call(3, "schema", "main", "table", "secret_items"), NOT_FOUND,
				"Table with name secret_items does not exist!");
		expect(call(4, "schema", "main", "table", "secret_items"), NOT_FOUND,
				"Table with name secret_items does not exist!");
		expect(call(13, "schema", "main", "table", "secret_items", "aggregates", List.of(Map.of("fn", "count"))),
				NOT_FOUND, "Table with name secret_items does not exist!");
		expect(call(4, "schema", "hidden", "table", "stuff"), NOT_FOUND, "Table with name stuff does not exist!");
		expect(call(4, "schema", "main", "table", "secret_view"), NOT_FOUND,
				"Table with name secret_view does not exist!");
		expect(insert("main", "secret_items"), NOT_FOUND, "Table with name secret_items does not exist!");
		expect(call(4, "schema", "main", "table", "items", "columns",
				List.of("id\" FROM bridge_db.main.secret_items --")), "BinderException", "not found");
	}

	@Test
	void structuredWritesNeedReadwriteAndNoDdlIsAllowed() {
		expect(insert("main", "readonly_items"), REFUSED,
				"table \"main.readonly_items\" is read-only (permission 'read')");
		expect(call(10, "schema", "main", "name", "t", "columns", List.of(Map.of("name", "x", "type", "INTEGER"))),
				REFUSED, "n6k: CREATE TABLE is not allowed on catalog \"bridge_db\": it serves granted tables only");
		expect(call(11, "schema", "main", "table", "items", "kind", "drop_column", "details", Map.of("name", "name")),
				REFUSED, "n6k: ALTER TABLE is not allowed on catalog \"bridge_db\": it serves granted tables only");
	}

	// ---------------------------------------------------------------- raw SQL: reads

	@Test
	void rawSqlCannotReadUngrantedTablesByAnyRoute() {
		String secret = "Table with name secret_items does not exist!";
		expect(query("SELECT * FROM bridge_db.main.secret_items"), NOT_FOUND, secret);
		expect(query("SELECT (SELECT count(*) FROM bridge_db.main.secret_items) AS n"), NOT_FOUND, secret);
		expect(query("SELECT i.* FROM bridge_db.main.items i JOIN bridge_db.main.secret_items s ON i.id = s.id"),
				NOT_FOUND, secret);
		expect(query("WITH s AS (SELECT * FROM bridge_db.main.secret_items) SELECT * FROM s"), NOT_FOUND, secret);
		expect(query("SELECT * FROM query_table('bridge_db.main.secret_items')"), NOT_FOUND, secret);
		expect(query("SELECT * FROM query('SELECT * FROM bridge_db.main.secret_items')"), NOT_FOUND, secret);
		expect(query("SELECT * FROM bridge_db.main.secret_view"), NOT_FOUND, secret);
		expect(query("SELECT * FROM bridge_db.main.peek()"), NOT_FOUND, secret);
		expect(query("SELECT * FROM bridge_db.main.items WHERE id IN (SELECT id FROM bridge_db.main.secret_items)"),
				NOT_FOUND, secret);
		expect(query("SUMMARIZE bridge_db.main.secret_items"), NOT_FOUND, secret);
		expect(query("SELECT * FROM bridge_db.hidden.stuff"), NOT_FOUND, "Table with name stuff does not exist!");
		expect(query("DESCRIBE bridge_db.main.secret_items"), NOT_FOUND, secret);
		expect(query("SELECT * FROM memory.main.outside"), REFUSED, "outside catalog \"bridge_db\"");
		expect(query("SELECT * FROM open_db.main.notes"), REFUSED, "outside catalog \"bridge_db\"");
	}

	@Test
	void rawSqlCannotReachMetadataFilesOrSettings() {
		// metadata answers from a mirror of the grant (IntrospectionTests); the real
		// functions stay refused
		expect(query("SELECT * FROM system.main.duckdb_tables()"), REFUSED,
				"table function \"duckdb_tables\" is not allowed");
		expect(query("SELECT * FROM duckdb_settings()"), REFUSED, "table function \"duckdb_settings\" is not allowed");
		expect(query("SELECT * FROM information_schema.tables, bridge_db.main.secret_items"), REFUSED,
				"is not allowed");
		assertThat(query("SHOW TABLES").arrow().rows()).containsExactly(List.of("items"), List.of("keyless"),
				List.of("readonly_items"));
		// the locked-down instance already refuses file access while binding; the guard
		// refuses the rest
		expect(query("SELECT * FROM read_csv('/etc/passwd')"), REFUSED, "");
		expect(query("SELECT * FROM read_text('/etc/hostname')"), REFUSED, "");
		expect(query("SELECT * FROM glob('/etc/*')"), REFUSED, "");
		expect(query("SELECT * FROM '/etc/passwd'"), null, null);
		expect(query("SELECT current_setting('threads')"), REFUSED, "function \"current_setting\" is not allowed");
		expect(query("SELECT nextval('bridge_db.main.seq')"), REFUSED, "function \"nextval\" is not allowed");
		expect(query("PRAGMA version"), REFUSED, "n6k: PRAGMA is not allowed");
		expect(query("SELECT json_serialize_plan('SELECT * FROM bridge_db.main.secret_items') AS p"), REFUSED,
				"function \"json_serialize_plan\" is not allowed");
		expect(query("SELECT * FROM json_execute_serialized_sql('{}')"), null, null);
		expect(query("CALL pragma_version()"), REFUSED, "n6k: CALL is not allowed");
		expect(query("EXPLAIN SELECT * FROM bridge_db.main.secret_items"), REFUSED, "n6k: EXPLAIN is not allowed");
	}

	// ---------------------------------------------------------------- raw SQL: writes
	// and statements

	@Test
	void rawSqlCannotWriteReadOnlyOrUngrantedTables() {
		String readOnly = "table \"main.readonly_items\" is read-only (permission 'read')";
		expect(exec("UPDATE bridge_db.main.readonly_items SET name = 'x'"), REFUSED, readOnly);
		expect(exec("DELETE FROM bridge_db.main.readonly_items"), REFUSED, readOnly);
		expect(exec("INSERT INTO bridge_db.main.readonly_items VALUES (9, 'x')"), REFUSED, readOnly);
		expect(exec("TRUNCATE bridge_db.main.readonly_items"), REFUSED, readOnly);
		expect(exec("INSERT OR REPLACE INTO bridge_db.main.readonly_items VALUES (1, 'x')"), REFUSED, readOnly);
		expect(exec("UPDATE bridge_db.main.secret_items SET secret = 'x'"), NOT_FOUND, "secret_items");
		expect(exec("INSERT INTO bridge_db.main.items SELECT id + 10, secret FROM bridge_db.main.secret_items"),
				NOT_FOUND, "secret_items");
		expect(exec("UPDATE bridge_db.main.items SET name = (SELECT secret FROM bridge_db.main.secret_items)"),
				NOT_FOUND, "secret_items");
		expect(exec("UPDATE memory.main.outside SET x = 'pwned'"), REFUSED, "outside catalog");
		expect(exec("UPDATE bridge_db.main.keyless SET name = 'x'"), "BinderException", "has no key");
		expect(exec("DELETE FROM bridge_db.main.keyless"), "BinderException", "has no key");
	}

	@Test
	void rawSqlRefusesEverythingButSingleAllowedStatements() throws Exception {
		String one = "n6k: send exactly one SQL statement per request";
		expect(exec("UPDATE bridge_db.main.items SET name = 'x'; DROP TABLE bridge_db.main.items"), REFUSED, one);
		expect(exec("SELECT 1; DROP TABLE bridge_db.main.items"), REFUSED, one);
		expect(query("SELECT 1; DELETE FROM bridge_db.main.items"), REFUSED, one);
		expect(exec("/* hi */ DROP TABLE bridge_db.main.items"), REFUSED, "DROP is not allowed");
		// one statement, whatever its quotes and comments contain: it runs (and its text
		// is no row count)
		assertThat(exec("SELECT 'a;b' AS \"c;d\" /* ; */; -- ;").exceptionType()).isEqualTo("ConversionException");
		expect(exec("DROP TABLE bridge_db.main.items"), REFUSED, "DROP is not allowed");
		expect(exec("ALTER TABLE bridge_db.main.items ADD COLUMN z INTEGER"), REFUSED, "ALTER is not allowed");
		expect(exec("CREATE TABLE bridge_db.main.copy AS SELECT * FROM bridge_db.main.items"), REFUSED,
				"CREATE TABLE is not allowed");
		expect(exec("CREATE TEMP TABLE t AS SELECT 1"), REFUSED, "outside catalog");
		expect(exec("CREATE MACRO bridge_db.main.m(a) AS a"), REFUSED, "CREATE MACRO is not allowed");
		expect(exec("CREATE SEQUENCE bridge_db.main.s2"), REFUSED, "CREATE SEQUENCE is not allowed");
		expect(exec("CREATE SECRET (TYPE s3, KEY_ID 'a', SECRET 'b')"), REFUSED, "n6k: CREATE SECRET is not allowed");
		expect(exec("CREATE OR REPLACE PERSISTENT SECRET s (TYPE s3)"), REFUSED, "n6k: CREATE SECRET is not allowed");
		String target = this.files.resolve("attached.duckdb").toString();
		expect(exec("ATTACH '" + target + "' AS stolen"), REFUSED, "n6k: ATTACH is not allowed");
		expect(exec("ATTACH ':memory:' AS scratch"), REFUSED, "ATTACH is not allowed");
		expect(exec("DETACH bridge_db"), REFUSED, "DETACH is not allowed");
		expect(exec("USE memory"), REFUSED, "n6k: USE is not allowed");
		expect(exec("SET threads = 1"), REFUSED, "n6k: SET is not allowed");
		expect(exec("SET VARIABLE v = 1"), REFUSED, "n6k: SET is not allowed");
		expect(exec("RESET threads"), REFUSED, "n6k: RESET is not allowed");
		expect(exec("INSTALL httpfs"), REFUSED, "n6k: INSTALL is not allowed");
		expect(exec("LOAD json"), REFUSED, "n6k: LOAD is not allowed");
		expect(exec("COPY bridge_db.main.items TO '" + this.files.resolve("leak.csv") + "'"), REFUSED,
				"n6k: COPY is not allowed");
		expect(exec("COPY bridge_db.main.items FROM '/etc/passwd'"), REFUSED, "n6k: COPY is not allowed");
		expect(exec("EXPORT DATABASE '" + this.files.resolve("export") + "'"), REFUSED, "n6k: EXPORT is not allowed");
		expect(exec("IMPORT DATABASE '" + this.files.resolve("export") + "'"), REFUSED, "not allowed");
		expect(exec("BEGIN TRANSACTION"), REFUSED, "n6k: BEGIN is not allowed");
		expect(exec("COMMIT"), REFUSED, "n6k: COMMIT is not allowed");
		expect(exec("CHECKPOINT"), REFUSED, "n6k: CHECKPOINT is not allowed");
		expect(exec("VACUUM"), REFUSED, "n6k: VACUUM is not allowed");
		assertThat(this.files.resolve("attached.duckdb")).doesNotExist();
		assertThat(this.files.resolve("export")).doesNotExist();
	}

	@Test
	void rpcCannotReachUngrantedTablesOrFiles() {
		expect(rpc("query_table", List.of("bridge_db.main.secret_items")), NOT_FOUND, "secret_items");
		expect(rpc("peek", List.of()), NOT_FOUND, "secret_items");
		expect(rpc("read_csv", List.of("/etc/passwd")), REFUSED, "");
		expect(rpc("glob", List.of("/etc/*")), REFUSED, "");
		expect(rpc("checkpoint", List.of()), REFUSED, "table function \"checkpoint\" is not allowed");
		expect(rpc("duckdb_settings", List.of()), REFUSED, "table function \"duckdb_settings\" is not allowed");
	}

	@Test
	void theInstanceIsLockedDown() {
		assertThatThrownBy(() -> this.database.execute("SET enable_external_access = true"))
			.hasMessageContaining("locked");
		assertThatThrownBy(() -> this.database.execute("COPY (SELECT 1) TO '" + this.files.resolve("x.csv") + "'"))
			.hasMessageContaining("Permission Error");
	}

	// ---------------------------------------------------------------- polite paths

	@Test
	void grantedReadsAndWritesStillWork() throws Exception {
		Response scan = call(4, "schema", "main", "table", "items");
		assertThat(scan.arrow().rows()).containsExactly(List.of(1, "Widget"), List.of(2, "Gadget"));
		assertThat(call(4, "schema", "main", "table", "readonly_items").arrow().rows())
			.containsExactly(List.of(1, "Locked"));
		assertThat(query("SELECT count(*) AS n FROM bridge_db.main.readonly_items").arrow().rows())
			.containsExactly(List.of(1L));
		assertThat(call(13, "schema", "main", "table", "items", "aggregates", List.of(Map.of("fn", "count"))).arrow()
			.rows()).containsExactly(List.of(2L));
		Response inserted = insert("main", "items");
		assertThat(inserted.terminal().get("rowcount")).isEqualTo(1L);
		assertThat(exec("UPDATE bridge_db.main.items SET name = 'Renamed' WHERE id = 77").terminal().get("rowcount"))
			.isEqualTo(1L);
		assertThat(exec("DELETE FROM bridge_db.main.items WHERE id = 77").terminal().get("rowcount")).isEqualTo(1L);
		assertThat(exec("INSERT INTO bridge_db.main.keyless VALUES (5, 'five')").terminal().get("rowcount"))
			.isEqualTo(1L);
		this.database.execute("DELETE FROM bridge_db.main.keyless WHERE id = 5");
	}

	@Test
	void aWholeCatalogAllowsDdlInsideItselfOnly() throws Exception {
		N6kClient open = open("open_db");
		assertThat(open.call(1, 6, Map.of("sql", "CREATE TABLE open_db.main.scratch AS SELECT 1 AS x")).isError())
			.isFalse();
		assertThat(open.call(2, 6, Map.of("sql", "DROP TABLE open_db.main.scratch")).isError()).isFalse();
		assertThat(open
			.call(3, 10,
					Map.of("schema", "main", "name", "made", "columns",
							List.of(Map.of("name", "x", "type", "INTEGER"))))
			.isError()).isFalse();
		assertThat(open.call(4, 6, Map.of("sql", "DROP TABLE open_db.main.made")).isError()).isFalse();
		expectOn(open, exec(open, "CREATE TABLE memory.main.planted (x INTEGER)"), REFUSED,
				"outside catalog \"open_db\"");
		expectOn(open, exec(open, "SELECT * FROM memory.main.outside"), REFUSED, "outside catalog");
		expectOn(open, exec(open, "SELECT * FROM bridge_db.main.secret_items"), REFUSED, "outside catalog");
		expectOn(open, exec(open, "ATTACH ':memory:' AS x"), REFUSED, "ATTACH is not allowed");
		expectOn(open, exec(open, "CREATE MACRO open_db.main.m(a) AS a"), REFUSED, "CREATE MACRO is not allowed");
	}

	@Test
	void aReadOnlyCatalogRefusesEveryWrite() {
		N6kClient ro = open("ro_db");
		assertThat(ro.call(1, 2, Map.of()).frames().get(0).get("tables")).isEqualTo(List.of(Map.of("schema", "main",
				"name", "facts", "writable", false, "editable", false, "primary_keys", List.of())));
		expectOn(ro, ro.call(2, 0, 5, Map.of("schema", "main", "table", "facts"), oneInt()), REFUSED,
				"n6k: catalog \"ro_db\" is read-only");
		expectOn(ro, exec(ro, "UPDATE ro_db.main.facts SET id = 3"), REFUSED, "n6k: catalog \"ro_db\" is read-only");
		expectOn(ro, exec(ro, "CREATE TABLE ro_db.main.t (x INTEGER)"), REFUSED, "is read-only");
		expectOn(ro, ro.call(3, 10,
				Map.of("schema", "main", "name", "t", "columns", List.of(Map.of("name", "x", "type", "INTEGER")))),
				REFUSED, "is read-only");
		assertThat(ro.call(4, 7, Map.of("sql", "SELECT sum(id) AS s FROM ro_db.main.facts")).isError()).isFalse();
	}

	// ---------------------------------------------------------------- helpers

	private Map<String, Long> counts() throws Exception {
		Map<String, Long> counts = new java.util.TreeMap<>();
		for (String table : List.of("bridge_db.main.items", "bridge_db.main.readonly_items",
				"bridge_db.main.secret_items", "bridge_db.main.keyless", "bridge_db.hidden.stuff", "open_db.main.notes",
				"ro_db.main.facts", "memory.main.outside")) {
			counts.put(table,
					((Number) this.database.query("SELECT count(*) FROM " + table).get(0).get(0)).longValue());
		}
		counts.put("tables",
				((Number) this.database.query("SELECT count(*) FROM duckdb_tables()").get(0).get(0)).longValue());
		counts.put("databases",
				((Number) this.database.query("SELECT count(*) FROM duckdb_databases()").get(0).get(0)).longValue());
		return counts;
	}

	private Response call(int op, Object... pairs) {
		return this.bridge.call(++this.id, op, args(pairs));
	}

	private Response query(String sql) {
		return this.bridge.call(++this.id, 7, Map.of("sql", sql));
	}

	private Response exec(String sql) {
		return this.bridge.call(++this.id, 6, Map.of("sql", sql));
	}

	private Response exec(N6kClient client, String sql) {
		return client.call(++this.id, 6, Map.of("sql", sql));
	}

	private Response rpc(String function, List<Object> arguments) {
		return this.bridge.call(++this.id, 8, Map.of("function", function, "args", arguments));
	}

	private Response insert(String schema, String table) {
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot
					.create(new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(32, true)), null),
							new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null))), allocator)) {
			root.allocateNew();
			((IntVector) root.getVector(0)).setSafe(0, 77);
			((VarCharVector) root.getVector(1)).setSafe(0, "Intruder".getBytes());
			root.setRowCount(1);
			return this.bridge.call(++this.id, 0, 5, Map.of("schema", schema, "table", table), ArrowIpc.stream(root));
		}
	}

	private static byte[] oneInt() {
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot.create(
						new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(32, true)), null))),
						allocator)) {
			root.allocateNew();
			((IntVector) root.getVector(0)).setSafe(0, 9);
			root.setRowCount(1);
			return ArrowIpc.stream(root);
		}
	}

	private static void expect(Response response, String type, String message) {
		if (type == null) {
			assertThat(response.isError()).as("refused: " + response.terminal()).isTrue();
			assertThat(response.exceptionType()).isIn(REFUSED, NOT_FOUND, "BinderException", "IOException",
					"InvalidInputException", "ParserException");
			return;
		}
		assertThat(response.isError()).as("refused: " + response.terminal()).isTrue();
		assertThat(response.exceptionType()).as(String.valueOf(response.exceptionMessage())).isEqualTo(type);
		assertThat(response.exceptionMessage()).contains(message);
		assertThat(response.frames()).as("no data before the refusal").hasSize(1);
	}

	private static void expectOn(N6kClient client, Response response, String type, String message) {
		expect(response, type, message);
	}

}
