package io.n6k.duckdb;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a DataSource of its own, the application writes through {@link JdbcTemplate} to
 * the database the starter opened and serves (issue 11).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.app.path=:memory:", "n6k.catalogs.app.permissions.main.orders=read",
				"n6k.duckdb.init-sql[0]=CREATE TABLE app.main.orders (id INTEGER, total DOUBLE)" })
class StarterDataSourceTests extends SocketTestSupport {

	@Autowired
	DataSource dataSource;

	@Autowired
	DuckDbDatabase database;

	@Test
	void jdbcTemplateWritesWhatClientsRead() {
		assertThat(this.database.isOwnInstance()).isTrue();
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		assertThat(jdbc.update("INSERT INTO app.main.orders VALUES (1, 9.5), (2, 20.0)")).isEqualTo(2);
		N6kClient client = open("app");
		Response scan = client.call(1, 4, Map.of("schema", "main", "table", "orders"));
		assertThat(scan.arrow().rows()).containsExactly(List.of(1, 9.5), List.of(2, 20.0));
		jdbc.update("DELETE FROM app.main.orders");
	}

}
