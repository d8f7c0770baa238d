package io.n6k.duckdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.invalidation.CatalogInvalidationService;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A QUERY the guard allowed, sent again after a change of what its names mean, is checked
 * again: a table dropped and replaced by a view over what the principal may not read is
 * refused, whether the client's own DDL or the application's reported DDL replaced it.
 * Each statement is first sent twice, so that the second answer comes from a kept
 * verdict.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all", "n6k.catalogs.gr.path=:memory:",
				"n6k.catalogs.gr.permissions[main.t]=read",
				"n6k.duckdb.init-sql[0]=CREATE TABLE db.main.t (id INTEGER)",
				"n6k.duckdb.init-sql[1]=INSERT INTO db.main.t VALUES (1)",
				"n6k.duckdb.init-sql[2]=CREATE TABLE gr.main.t (id INTEGER)",
				"n6k.duckdb.init-sql[3]=INSERT INTO gr.main.t VALUES (1)",
				"n6k.duckdb.init-sql[4]=CREATE TABLE gr.main.secret (id INTEGER)",
				"n6k.duckdb.init-sql[5]=INSERT INTO gr.main.secret VALUES (666)" })
class CachedVerdictFreshnessTests extends SocketTestSupport {

	@Autowired
	DuckDbDatabase database;

	@Autowired
	CatalogInvalidationService invalidation;

	long id;

	@Test
	void aTableTheClientReplacesByAViewOverAnotherCatalogIsRefused() {
		N6kClient client = open("db");
		String read = "SELECT id FROM db.main.t";
		assertThat(rows(client, read)).containsExactly(1);
		assertThat(rows(client, read)).containsExactly(1);
		exec(client, "DROP TABLE db.main.t");
		exec(client, "CREATE VIEW db.main.t AS SELECT id FROM gr.main.secret");
		Response refused = query(client, read);
		assertThat(refused.exceptionType()).isEqualTo("PermissionException");
		assertThat(refused.exceptionMessage()).contains("outside catalog");
		exec(client, "DROP VIEW db.main.t");
		exec(client, "CREATE TABLE db.main.t (id INTEGER)");
		assertThat(rows(client, read)).isEmpty();
	}

	@Test
	void aGrantedTableTheApplicationReplacesByAViewOverAnUngrantedOneIsRefusedOnceReported() throws Exception {
		N6kClient client = open("gr");
		String read = "SELECT id FROM gr.main.t";
		assertThat(rows(client, read)).containsExactly(1);
		assertThat(rows(client, read)).containsExactly(1);
		this.database.execute("ALTER TABLE gr.main.t RENAME TO t_old",
				"CREATE VIEW gr.main.t AS SELECT id FROM gr.main.secret");
		try {
			this.invalidation.notifyInvalidate("gr", "main");
			Response refused = query(client, read);
			assertThat(refused.exceptionType()).isEqualTo("CatalogException");
			assertThat(String.valueOf(refused.exceptionMessage())).doesNotContain("666");
		}
		finally {
			this.database.execute("DROP VIEW gr.main.t", "ALTER TABLE gr.main.t_old RENAME TO t");
			this.invalidation.notifyInvalidate("gr", "main");
		}
		assertThat(rows(client, read)).containsExactly(1);
	}

	private List<@Nullable Object> rows(N6kClient client, String sql) {
		Response response = query(client, sql);
		assertThat(response.isError()).as(sql + ": " + response.exceptionMessage()).isFalse();
		List<@Nullable Object> values = new ArrayList<>();
		response.arrow().rows().forEach((row) -> values.add(row.get(0)));
		return values;
	}

	private Response query(N6kClient client, String sql) {
		return client.call(++this.id, 7, Map.of("sql", sql));
	}

	private void exec(N6kClient client, String sql) {
		Response response = client.call(++this.id, 6, Map.of("sql", sql));
		assertThat(response.isError()).as(sql + ": " + response.exceptionMessage()).isFalse();
	}

}
