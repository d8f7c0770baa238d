package io.n6k.duckdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code n6k.invalidation.auto=true}, the application's DDL is detected without
 * application code: the answers a client gets right after the PUSH are the new ones, well
 * within the time answers are otherwise kept.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.app.path=:memory:", "n6k.catalogs.app.access=all", "n6k.invalidation.auto=true",
				"n6k.invalidation.auto-interval=50ms",
				"n6k.duckdb.init-sql[0]=CREATE TABLE app.main.orders (id INTEGER, total DOUBLE)" })
class CachedAnswersAutomaticDetectionTests extends SocketTestSupport {

	@Autowired
	DuckDbDatabase database;

	long id;

	@Test
	void answersAfterADetectedChangeAreTheNewOnes() throws Exception {
		N6kClient client = open("app");
		List<String> expected = new ArrayList<>(List.of("orders"));
		for (int i = 0; i < 5; i++) {
			assertThat(tableNames(client)).isEqualTo(expected);
			this.database.execute("CREATE TABLE app.main.detected_" + i + " (x INTEGER)");
			client.take((frame) -> frame.type() == 8, N6kClient.TIMEOUT);
			expected.add(expected.size() - 1, "detected_" + i);
			assertThat(tableNames(client)).isEqualTo(expected);
		}
		assertThat(columns(client, "orders")).containsExactly("id", "total");
		assertThat(rows(client, "SELECT count(*) FROM app.main.orders")).containsExactly(0L);
		this.database.execute("ALTER TABLE app.main.orders ADD COLUMN note VARCHAR");
		client.take((frame) -> frame.type() == 8, N6kClient.TIMEOUT);
		assertThat(columns(client, "orders")).containsExactly("id", "total", "note");
		this.database.execute("ALTER TABLE app.main.orders RENAME TO orders_v1",
				"CREATE VIEW app.main.orders AS SELECT 7::BIGINT AS n");
		client.take((frame) -> frame.type() == 8, N6kClient.TIMEOUT);
		assertThat(rows(client, "SELECT count(*) FROM app.main.orders")).containsExactly(1L);
	}

	private List<String> tableNames(N6kClient client) {
		Response response = client.call(++this.id, 2, Map.of());
		List<String> names = new ArrayList<>();
		((List<?>) response.frames().get(0).get("tables"))
			.forEach((row) -> names.add((String) ((Map<?, ?>) row).get("name")));
		return names;
	}

	private List<String> columns(N6kClient client, String table) {
		return client.call(++this.id, 3, Map.of("schema", "main", "table", table)).arrow().columnNames();
	}

	private List<Object> rows(N6kClient client, String sql) {
		Response response = client.call(++this.id, 7, Map.of("sql", sql));
		assertThat(response.isError()).as(response.exceptionMessage()).isFalse();
		List<Object> values = new ArrayList<>();
		response.arrow().rows().forEach((row) -> values.add(row.get(0)));
		return values;
	}

}
