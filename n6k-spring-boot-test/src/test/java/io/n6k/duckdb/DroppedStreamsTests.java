package io.n6k.duckdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.support.DuckDbTestConfiguration;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Streams dropped mid-flight (the client aborts the TCP connection after the first chunk)
 * give back everything they held: their DuckDB connection, their Arrow memory and their
 * place in the server's connection list.
 *
 * @author n6k
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"n6k.duckdb.init-sql[0]=CREATE TABLE db.main.wide AS SELECT range AS id, "
						+ "'name ' || range AS name FROM range(2000000)" })
@Import(DuckDbTestConfiguration.class)
class DroppedStreamsTests extends SocketTestSupport {

	private static final Map<String, Object> WIDE = Map.of("schema", "main", "table", "wide");

	@Autowired
	DuckDbDatabase database;

	@Test
	void droppedStreamsGiveBackTheirConnectionsAndArrowMemory() {
		ConnectionPool.Stats before = this.database.pool().stats();
		assertThat(before.idle()).isEqualTo(before.created() - before.discarded());
		for (int round = 0; round < 10; round++) {
			// four streams in flight at once, dropped together
			List<N6kClient> clients = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				N6kClient client = open("db");
				client.request(1, 4, WIDE);
				clients.add(client);
			}
			for (N6kClient client : clients) {
				ReceivedFrame chunk = client.take((frame) -> frame.type() == 3 || frame.type() == 5, N6kClient.TIMEOUT);
				assertThat(chunk.type()).isEqualTo(3);
				client.abort();
			}
		}
		await().atMost(N6kClient.TIMEOUT).untilAsserted(() -> {
			assertThat(this.server.connections().all()).isEmpty();
			assertThat(this.database.pool().stats().leased()).isZero();
			assertThat(this.allocator.getAllocatedMemory()).isZero();
		});
		// every connection the pool made is idle or closed: none is held by a dropped
		// stream
		ConnectionPool.Stats after = this.database.pool().stats();
		assertThat(after.idle()).isEqualTo(after.created() - after.discarded());
		assertThat(after.created()).isGreaterThan(before.created());
	}

}
