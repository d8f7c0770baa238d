package io.n6k.duckdb;

import java.util.List;

import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:",
				"n6k.duckdb.init-sql=classpath:fixture.sql" })
class DuckDbSmokeTests extends SocketTestSupport {

	@Test
	void scanReturnsRows() {
		N6kClient client = open("db");
		Response response = client.call(1, 4, args("schema", "main", "table", "users"));
		assertThat(response.isError()).as(String.valueOf(response.terminal())).isFalse();
		assertThat(response.arrow().rows()).hasSize(3);
		assertThat(response.arrow().rows().get(0)).isEqualTo(List.of(1, "Alice", 30));
	}

}
