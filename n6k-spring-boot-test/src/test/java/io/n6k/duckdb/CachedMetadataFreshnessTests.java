package io.n6k.duckdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.invalidation.CatalogInvalidationService;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CATALOG_LIST, TABLES_LIST and TABLE_SCHEMA are answered from memory, yet the answer
 * right after a change of shape is the new one: the client's own DDL (CREATE_TABLE,
 * ALTER_TABLE, EXEC, QUERY), and the application's DDL once reported to the invalidation
 * service. Each check first asks once, so that the old answer is held in memory.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"n6k.duckdb.init-sql[0]=CREATE TABLE db.main.users (id INTEGER PRIMARY KEY, name VARCHAR)" })
class CachedMetadataFreshnessTests extends SocketTestSupport {

	@Autowired
	DuckDbDatabase database;

	@Autowired
	CatalogInvalidationService invalidation;

	long id;

	@Test
	void createTableIsInTheNextTablesList() {
		N6kClient client = open("db");
		assertThat(tableNames(client)).doesNotContain("created");
		Response created = client.call(++this.id, 10, Map.of("schema", "main", "name", "created", "columns",
				List.of(Map.of("name", "a", "type", "INTEGER"))));
		assertThat(created.isError()).isFalse();
		assertThat(tableNames(client)).contains("created");
		assertThat(columns(client, "created")).containsExactly("a");
		exec(client, "DROP TABLE db.main.created");
	}

	@Test
	void alterTableIsInTheNextTableSchema() {
		N6kClient client = open("db");
		exec(client, "CREATE TABLE db.main.altered (a INTEGER)");
		assertThat(columns(client, "altered")).containsExactly("a");
		client.call(++this.id, 11, Map.of("schema", "main", "table", "altered", "kind", "add_column", "details",
				Map.of("name", "b", "type", "VARCHAR")));
		assertThat(columns(client, "altered")).containsExactly("a", "b");
		client.call(++this.id, 11, Map.of("schema", "main", "table", "altered", "kind", "rename_column", "details",
				Map.of("old_name", "b", "new_name", "c")));
		assertThat(columns(client, "altered")).containsExactly("a", "c");
		exec(client, "ALTER TABLE db.main.altered DROP COLUMN c");
		assertThat(columns(client, "altered")).containsExactly("a");
		exec(client, "DROP TABLE db.main.altered");
	}

	@Test
	void execAndQueryDdlAreInTheNextAnswers() {
		N6kClient client = open("db");
		assertThat(schemas(client)).doesNotContain("extra");
		exec(client, "CREATE SCHEMA db.extra");
		assertThat(schemas(client)).contains("extra");
		assertThat(tables(client, "extra")).isEmpty();
		exec(client, "CREATE TABLE db.extra.t (x INTEGER)");
		assertThat(tables(client, "extra")).containsExactly("t");
		Response ctas = client.call(++this.id, 7, Map.of("sql", "CREATE TABLE db.extra.q AS SELECT 1 AS y"));
		assertThat(ctas.isError()).as(ctas.exceptionMessage()).isFalse();
		assertThat(tables(client, "extra")).containsExactly("q", "t");
		assertThat(columns(client, "extra", "q")).containsExactly("y");
		exec(client, "DROP TABLE db.extra.q");
		exec(client, "DROP TABLE db.extra.t");
		assertThat(tables(client, "extra")).isEmpty();
		exec(client, "DROP SCHEMA db.extra");
		assertThat(schemas(client)).doesNotContain("extra");
	}

	@Test
	void applicationDdlIsInTheNextAnswersOnceReported() throws Exception {
		N6kClient client = open("db");
		assertThat(tableNames(client)).doesNotContain("app_made");
		assertThat(schemas(client)).doesNotContain("app_schema");
		assertThat(columns(client, "users")).containsExactly("id", "name");
		this.database.execute("CREATE TABLE db.main.app_made (x INTEGER)", "CREATE SCHEMA db.app_schema",
				"ALTER TABLE db.main.users ADD COLUMN note VARCHAR");
		this.invalidation.notifyInvalidate("db", "main", "app_schema");
		assertThat(tableNames(client)).contains("app_made");
		assertThat(schemas(client)).contains("app_schema");
		assertThat(columns(client, "users")).containsExactly("id", "name", "note");
		this.database.execute("ALTER TABLE db.main.users DROP COLUMN note", "DROP TABLE db.main.app_made");
		this.invalidation.notifyInvalidateIfStale("db");
		assertThat(tableNames(client)).doesNotContain("app_made");
		assertThat(columns(client, "users")).containsExactly("id", "name");
		this.database.execute("DROP SCHEMA db.app_schema");
		this.invalidation.notifyInvalidateIfStale("db");
		assertThat(schemas(client)).doesNotContain("app_schema");
	}

	private List<String> schemas(N6kClient client) {
		@SuppressWarnings("unchecked")
		List<String> schemas = (List<String>) client.call(++this.id, 1, Map.of()).frames().get(0).get("schemas");
		return schemas;
	}

	private List<String> tableNames(N6kClient client) {
		return names(client.call(++this.id, 2, Map.of()));
	}

	private List<String> tables(N6kClient client, String schema) {
		return names(client.call(++this.id, 2, Map.of("schema", schema)));
	}

	private static List<String> names(Response response) {
		assertThat(response.isError()).as(response.exceptionMessage()).isFalse();
		List<String> names = new ArrayList<>();
		((List<?>) response.frames().get(0).get("tables"))
			.forEach((row) -> names.add((String) ((Map<?, ?>) row).get("name")));
		return names;
	}

	private List<String> columns(N6kClient client, String table) {
		return columns(client, "main", table);
	}

	private List<String> columns(N6kClient client, String schema, String table) {
		Response response = client.call(++this.id, 3, Map.of("schema", schema, "table", table));
		assertThat(response.isError()).as(response.exceptionMessage()).isFalse();
		return response.arrow().columnNames();
	}

	private void exec(N6kClient client, String sql) {
		Response response = client.call(++this.id, 6, Map.of("sql", sql));
		assertThat(response.isError()).as(sql + ": " + response.exceptionMessage()).isFalse();
	}

}
