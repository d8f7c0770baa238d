package io.n6k.access;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No client SQL makes the server open a file it names, on any path a client has (QUERY,
 * EXEC, RPC) and in any statement shape: the answer for an existing file, a missing file
 * and a named pipe is the same, and the pipe is never opened (a writer blocked on it
 * would be released by any reader). Runs on an instance the starter owns (locked down);
 * the subclass {@link SharedInstanceFileAccessTests} runs it on a shared, unlocked
 * instance.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.files_db.path=:memory:", "n6k.catalogs.files_db.permissions[main.items]=readwrite",
				"n6k.catalogs.open_files.path=:memory:", "n6k.catalogs.open_files.access=all",
				"n6k.duckdb.init-sql=classpath:file-access.sql" })
class FileAccessTests extends SocketTestSupport {

	static final String FILE = "<file>";

	static final String ITEMS = "files_db.main.items";

	/** Table functions that read or list files. */
	static final List<String> READERS = List.of("read_csv", "read_csv_auto", "read_json", "read_json_auto",
			"read_json_objects", "read_ndjson", "read_ndjson_auto", "read_ndjson_objects", "read_parquet",
			"parquet_scan", "parquet_metadata", "parquet_schema", "parquet_file_metadata", "parquet_kv_metadata",
			"parquet_full_metadata", "parquet_bloom_probe", "read_text", "read_blob", "glob", "sniff_csv",
			"read_duckdb");

	/** SELECT shapes, sent both as QUERY and as EXEC on the granted catalog. */
	static final List<String> SELECTS = List.of("SELECT * FROM '" + FILE + "'", "SELECT * FROM \"" + FILE + "\"",
			"FROM '" + FILE + "'", "SELECT * FROM '" + FILE + "' AS f(a, b)", "SUMMARIZE '" + FILE + "'",
			"DESCRIBE '" + FILE + "'",
			"SELECT * FROM " + ITEMS + " WHERE id IN (SELECT a FROM read_csv('" + FILE + "'))",
			"SELECT * FROM " + ITEMS + " WHERE id IN (SELECT 1 FROM '" + FILE + "')",
			"SELECT (SELECT count(*) FROM read_text('" + FILE + "')) AS n",
			"SELECT * FROM " + ITEMS + " WHERE EXISTS (FROM '" + FILE + "')",
			"SELECT * FROM " + ITEMS + " ORDER BY (SELECT count(*) FROM read_blob('" + FILE + "'))",
			"WITH f AS (SELECT * FROM read_csv('" + FILE + "')) SELECT * FROM f",
			"WITH f AS MATERIALIZED (FROM '" + FILE + "') SELECT * FROM f",
			"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r, '" + FILE
					+ "' WHERE n < 2) SELECT * FROM r",
			"SELECT * FROM " + ITEMS + " i JOIN read_csv('" + FILE + "') f ON true",
			"SELECT * FROM " + ITEMS + " i, '" + FILE + "' f",
			"SELECT * FROM " + ITEMS + " i POSITIONAL JOIN '" + FILE + "'",
			"SELECT * FROM " + ITEMS + " i, LATERAL (SELECT * FROM read_csv('" + FILE + "'))",
			"SELECT 1 AS x UNION ALL SELECT count(*) FROM '" + FILE + "'",
			"SELECT id FROM " + ITEMS + " EXCEPT SELECT a FROM read_csv('" + FILE + "')",
			"SELECT * FROM query('SELECT * FROM read_csv(''" + FILE + "'')')",
			"SELECT * FROM query('FROM ''" + FILE + "''')", "SELECT * FROM query_table('" + FILE + "')",
			"SELECT * FROM query_table(['" + ITEMS + "', '" + FILE + "'])",
			"SELECT * FROM unnest((SELECT list(a) FROM read_csv('" + FILE + "')))",
			"SELECT * FROM range((SELECT count(*) FROM '" + FILE + "'))",
			"SELECT * FROM files_db.main.load('" + FILE + "')", "SELECT files_db.main.lines('" + FILE + "') AS n",
			"SELECT * FROM files_db.main.rows_of('" + FILE + "')",
			"SELECT * FROM " + ITEMS + " WHERE files_db.main.lines('" + FILE + "') > 0",
			"PIVOT '" + FILE + "' ON a USING count(*)", "SELECT * FROM (PIVOT '" + FILE + "' ON a USING count(*))");

	/** Statements other than SELECT, on the granted catalog. */
	static final List<String> WRITES = List.of("INSERT INTO " + ITEMS + " SELECT * FROM read_csv('" + FILE + "')",
			"INSERT INTO " + ITEMS + " FROM '" + FILE + "'",
			"INSERT INTO " + ITEMS + " SELECT a, b FROM '" + FILE + "' AS f(a, b)",
			"INSERT INTO " + ITEMS + " VALUES ((SELECT count(*) FROM read_text('" + FILE + "')), 'x')",
			"INSERT INTO " + ITEMS + " SELECT * FROM files_db.main.load('" + FILE + "')",
			"INSERT INTO " + ITEMS + " SELECT files_db.main.lines('" + FILE + "'), 'x'",
			"INSERT INTO " + ITEMS + " SELECT * FROM query_table('" + FILE + "')",
			"INSERT INTO " + ITEMS + " SELECT 9, 'x' ON CONFLICT DO UPDATE SET name = (SELECT b FROM '" + FILE + "')",
			"INSERT INTO " + ITEMS + " SELECT 9, 'x' RETURNING (SELECT count(*) FROM read_csv('" + FILE + "'))",
			"WITH f AS (SELECT * FROM read_csv('" + FILE + "')) INSERT INTO " + ITEMS + " SELECT * FROM f",
			"UPDATE " + ITEMS + " SET name = f.b FROM read_csv('" + FILE + "') f WHERE id = f.a",
			"UPDATE " + ITEMS + " SET name = 'x' FROM '" + FILE + "' f",
			"UPDATE " + ITEMS + " SET name = 'x' FROM " + ITEMS + " j JOIN '" + FILE + "' f ON true, '" + FILE + "' g",
			"UPDATE " + ITEMS + " SET name = (SELECT content FROM read_text('" + FILE + "'))",
			"UPDATE " + ITEMS + " SET name = 'x' WHERE id IN (FROM '" + FILE + "')",
			"DELETE FROM " + ITEMS + " USING read_csv('" + FILE + "') f WHERE id = f.a",
			"DELETE FROM " + ITEMS + " USING '" + FILE + "' f", "DELETE FROM " + ITEMS + " USING \"" + FILE + "\" f",
			"DELETE FROM " + ITEMS + " WHERE id IN (SELECT a FROM '" + FILE + "')",
			"MERGE INTO " + ITEMS + " USING read_csv('" + FILE + "') f ON items.id = f.a WHEN MATCHED THEN DELETE",
			"MERGE INTO " + ITEMS + " USING '" + FILE
					+ "' AS f ON items.id = f.a WHEN NOT MATCHED THEN INSERT VALUES (f.a, f.b)",
			"MERGE INTO " + ITEMS + " USING (FROM '" + FILE
					+ "') AS f ON items.id = f.a WHEN MATCHED THEN UPDATE SET name = 'x'",
			"PIVOT read_csv('" + FILE + "') ON a USING count(*)", "UNPIVOT '" + FILE + "' ON a INTO NAME k VALUE v");

	/** DDL on the catalog served whole and writable, where DDL is allowed. */
	static final List<String> DDL = List.of(
			"CREATE TABLE open_files.main.stolen AS SELECT * FROM read_csv('" + FILE + "')",
			"CREATE TABLE open_files.main.stolen AS FROM '" + FILE + "'",
			"CREATE OR REPLACE TABLE open_files.main.notes AS SELECT * FROM '" + FILE + "'",
			"CREATE VIEW open_files.main.peek AS SELECT * FROM read_csv('" + FILE + "')",
			"CREATE VIEW open_files.main.peek AS FROM '" + FILE + "'",
			"CREATE VIEW open_files.main.peek AS SELECT * FROM open_files.main.notes, '" + FILE + "'",
			"CREATE VIEW open_files.main.peek AS SELECT (SELECT count(*) FROM read_text('" + FILE + "')) AS n",
			"CREATE MACRO open_files.main.m() AS TABLE SELECT * FROM read_csv('" + FILE + "')",
			"CREATE MACRO open_files.main.m() AS (SELECT count(*) FROM '" + FILE + "')",
			"CREATE TABLE open_files.main.t (x VARCHAR DEFAULT 'a', y INTEGER)",
			"ALTER TABLE open_files.main.notes ADD COLUMN z VARCHAR DEFAULT (SELECT content FROM read_text('" + FILE
					+ "'))",
			"INSERT INTO open_files.main.notes SELECT 2, content FROM read_text('" + FILE + "')");

	@Autowired
	DuckDbDatabase database;

	@TempDir
	Path files;

	Path existing;

	Path missing;

	long id;

	/**
	 * A named pipe with a writer blocked until somebody opens it for reading (the three
	 * names have one length).
	 */
	Path pipe;

	CountDownLatch pipeOpened;

	Thread writer;

	@BeforeEach
	void createFiles() throws Exception {
		this.existing = this.files.resolve("present.csv");
		Files.writeString(this.existing, "a,b\n1,2\n");
		this.missing = this.files.resolve("missing.csv");
		this.pipe = this.files.resolve("pipe_in.csv");
		assertThat(new ProcessBuilder("mkfifo", this.pipe.toString()).start().waitFor()).as("mkfifo").isZero();
		CountDownLatch opened = new CountDownLatch(1);
		this.pipeOpened = opened;
		Path fifo = this.pipe;
		this.writer = new Thread(() -> {
			try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
				opened.countDown();
				out.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				// the reader went away: nothing left to release
			}
		}, "fifo-writer");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	@AfterEach
	void releaseThePipe() throws Exception {
		if (this.pipeOpened.getCount() > 0) {
			// nobody opened the pipe: open its read end ourselves so that the writer ends
			try (InputStream in = new FileInputStream(this.pipe.toFile())) {
				byte[] buffer = new byte[256];
				while (in.read(buffer) > 0) {
					// drain
				}
			}
		}
		this.writer.join(5000);
	}

	@Test
	void tableFunctionsGiveTheSameAnswerForEveryFileAndOpenNone() throws Exception {
		N6kClient client = open("files_db");
		for (String reader : READERS) {
			String sql = "SELECT * FROM " + reader + "('" + FILE + "')";
			sameAnswerAndNoFileOpened("QUERY " + sql, (path) -> query(client, sql.replace(FILE, path)));
			sameAnswerAndNoFileOpened("EXEC " + sql, (path) -> exec(client, sql.replace(FILE, path)));
			String list = "SELECT * FROM " + reader + "(['" + FILE + "'])";
			sameAnswerAndNoFileOpened("QUERY " + list, (path) -> query(client, list.replace(FILE, path)));
		}
	}

	@Test
	void selectsGiveTheSameAnswerForEveryFileAndOpenNone() throws Exception {
		N6kClient client = open("files_db");
		for (String sql : SELECTS) {
			sameAnswerAndNoFileOpened("QUERY " + sql, (path) -> query(client, sql.replace(FILE, path)));
			sameAnswerAndNoFileOpened("EXEC " + sql, (path) -> exec(client, sql.replace(FILE, path)));
		}
	}

	@Test
	void writesGiveTheSameAnswerForEveryFileAndOpenNone() throws Exception {
		N6kClient client = open("files_db");
		for (String sql : WRITES) {
			sameAnswerAndNoFileOpened("EXEC " + sql, (path) -> exec(client, sql.replace(FILE, path)));
			sameAnswerAndNoFileOpened("QUERY " + sql, (path) -> query(client, sql.replace(FILE, path)));
		}
	}

	@Test
	void ddlOnAWritableWholeCatalogGivesTheSameAnswerForEveryFileAndOpensNone() throws Exception {
		N6kClient client = open("open_files");
		for (String sql : DDL) {
			if (!sql.contains(FILE)) {
				continue;
			}
			sameAnswerAndNoFileOpened("EXEC " + sql, (path) -> exec(client, sql.replace(FILE, path)));
		}
		assertThat(this.database.query("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'open_files'")
			.get(0)
			.get(0)).isEqualTo(1L);
		assertThat(this.database.query("SELECT count(*) FROM duckdb_views() WHERE database_name = 'open_files'")
			.get(0)
			.get(0)).isEqualTo(0L);
	}

	@Test
	void columnTypesOfStructuredDdlGiveTheSameAnswerForEveryFileAndOpenNone() throws Exception {
		N6kClient client = open("open_files");
		for (String type : List.of("INTEGER) + (SELECT count(*) FROM read_csv('" + FILE + "')) --",
				"INTEGER) FROM '" + FILE + "' --", "INTEGER) FROM read_text('" + FILE + "') --")) {
			sameAnswerAndNoFileOpened("CREATE TABLE with type " + type,
					(path) -> client.call(++this.id, 10, Map.of("schema", "main", "name", "typed", "columns",
							List.of(Map.of("name", "x", "type", type.replace(FILE, path))))));
		}
	}

	@Test
	void rpcArgumentsGiveTheSameAnswerForEveryFileAndOpenNone() throws Exception {
		N6kClient client = open("files_db");
		List<String> functions = new ArrayList<>(READERS);
		functions.addAll(List.of("query_table", "load", "rows_of", "query"));
		for (String function : functions) {
			sameAnswerAndNoFileOpened("RPC " + function,
					(path) -> client.call(++this.id, 8, Map.of("function", function, "args", List.of(path))));
		}
	}

	@Test
	void unquotedFileNamesAreRefusedBeforeBinding() {
		N6kClient client = open("files_db");
		for (String sql : List.of("SELECT * FROM present.csv", "SELECT * FROM main.present.csv",
				"SELECT * FROM files_db.main.items, absent.parquet", "SELECT * FROM query_table('absent.json')")) {
			Response response = query(client, sql);
			assertThat(response.exceptionType()).as(sql).isEqualTo("PermissionException");
			assertThat(response.exceptionMessage()).as(sql).contains("reading files is not allowed");
		}
		Response insert = exec(client, "INSERT INTO " + ITEMS + " SELECT * FROM absent.csv");
		assertThat(insert.exceptionMessage()).contains("reading files is not allowed");
	}

	@Test
	void grantedStatementsAndSafeMacrosStillWork() {
		N6kClient client = open("files_db");
		assertThat(
				query(client, "WITH f AS (SELECT * FROM " + ITEMS + ") SELECT count(*) AS n FROM f, range(2)").arrow()
					.rows())
			.containsExactly(List.of(2L));
		assertThat(
				query(client, "SELECT files_db.main.doubled(id) AS d FROM files_db.main.first_items(5)").arrow().rows())
			.containsExactly(List.of(2));
		assertThat(query(client, "SELECT count(*) AS n FROM query_table('" + ITEMS + "')").arrow().rows())
			.containsExactly(List.of(1L));
		assertThat(query(client, "SELECT count(*) AS n FROM query('SELECT * FROM " + ITEMS + "')").arrow().rows())
			.containsExactly(List.of(1L));
		assertThat(query(client, "SELECT * FROM files_db.main.rows_of('" + ITEMS + "')").arrow().rows())
			.containsExactly(List.of(1L));
		assertThat(exec(client, "INSERT INTO " + ITEMS + " SELECT id + 10, 'name.csv' FROM " + ITEMS).terminal()
			.get("rowcount")).isEqualTo(1L);
		assertThat(exec(client, "UPDATE " + ITEMS + " SET name = 'data.json' FROM (SELECT 11 AS k) AS s WHERE id = s.k")
			.terminal()
			.get("rowcount")).isEqualTo(1L);
		assertThat(exec(client, "DELETE FROM " + ITEMS + " USING (SELECT 11 AS k) AS s WHERE id = s.k").terminal()
			.get("rowcount")).isEqualTo(1L);
		N6kClient open = open("open_files");
		assertThat(open
			.call(++this.id, 6, Map.of("sql",
					"CREATE VIEW open_files.main.recent AS SELECT * FROM " + "open_files.main.notes WHERE id > 0"))
			.isError()).isFalse();
		assertThat(open.call(++this.id, 6, Map.of("sql", "DROP VIEW open_files.main.recent")).isError()).isFalse();
	}

	// ---------------------------------------------------------------- helpers

	private Response query(N6kClient client, String sql) {
		return client.call(++this.id, 7, Map.of("sql", sql));
	}

	private Response exec(N6kClient client, String sql) {
		return client.call(++this.id, 6, Map.of("sql", sql));
	}

	/**
	 * Send the request for an existing file, a missing one and a named pipe: each is
	 * refused, with the same answer once the path is taken out, and the pipe stays
	 * unopened.
	 */
	private void sameAnswerAndNoFileOpened(String what, Request request) throws Exception {
		Map<String, String> answers = new LinkedHashMap<>();
		answers.put("existing", answer(request, this.existing.toString()));
		answers.put("missing", answer(request, this.missing.toString()));
		answers.put("pipe", answer(request, this.pipe.toString()));
		assertThat(this.pipeOpened.await(20, TimeUnit.MILLISECONDS))
			.as(what + ": the server opened a file the client named")
			.isFalse();
		assertThat(answers.values()).as(what + ": " + answers)
			.allMatch((answer) -> answer.equals(answers.get("missing")));
		assertThat(answers.get("missing")).as(what).startsWith("refused ");
	}

	private String answer(Request request, String path) {
		Response response = request.send(path);
		if (!response.isError()) {
			return "answered " + response.types();
		}
		assertThat(response.frames()).as("no data before the refusal").hasSize(1);
		// DuckDB's error context echoes the client's own text, cut short: take the name
		// out too
		String stem = Path.of(path).getFileName().toString().replace(".csv", "");
		return "refused " + response.exceptionType() + ": "
				+ String.valueOf(response.exceptionMessage()).replace(path, FILE).replace(stem, "<name>");
	}

	@FunctionalInterface
	interface Request {

		Response send(String path);

	}

}
