package io.n6k.duckdb;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.n6k.client.ArrowIpc;
import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.support.DuckDbTestConfiguration;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inbound messages larger than one container buffer (1 MiB), under the default
 * {@code n6k.websocket.max-binary-message-size}, on whichever servlet container the run
 * uses: Tomcat hands the handler parts, Jetty whole messages. Shares
 * {@link DuckDbBackendTests}'s application context.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"n6k.duckdb.init-sql[0]=classpath:fixture.sql", "n6k.duckdb.init-sql[1]=classpath:types.sql" })
@Import(DuckDbTestConfiguration.class)
class LargeMessageTests extends SocketTestSupport {

	static final int ROWS = 100_000;

	/** An Arrow IPC stream of {@link #ROWS} rows of (BIGINT, VARCHAR), built once. */
	static byte[] body;

	@BeforeAll
	static void buildBody() {
		body = rows(ROWS);
	}

	@Test
	void insertOfSeveralMegabytesInOneFrameIsAccepted() {
		N6kClient client = open("db");
		client.call(1, 6, Map.of("sql", "CREATE TABLE db.main.big_single (id BIGINT, name VARCHAR)"));
		assertThat(body.length).isGreaterThan(2 * 1024 * 1024);
		Response insert = client.call(2, 0, 5, Map.of("schema", "main", "table", "big_single"), body);
		assertThat(insert.terminal().get("rowcount")).isEqualTo((long) ROWS);
		assertThat(countAndSum(client, 3, "big_single")).containsExactly((long) ROWS, sumOfIds());
		client.call(4, 6, Map.of("sql", "DROP TABLE db.main.big_single"));
	}

	@Test
	void insertOfSeveralMegabytesInFragmentsIsAccepted() {
		N6kClient client = open("db");
		client.call(1, 6, Map.of("sql", "CREATE TABLE db.main.big_fragmented (id BIGINT, name VARCHAR)"));
		client.sendFragmented(
				N6kClient.frame(Map.of("t", 1, "id", 2, "op", 5, "schema", "main", "table", "big_fragmented"), body),
				256 * 1024);
		assertThat(client.collect(2, 0, N6kClient.TIMEOUT).terminal().get("rowcount")).isEqualTo((long) ROWS);
		assertThat(countAndSum(client, 3, "big_fragmented")).containsExactly((long) ROWS, sumOfIds());
		client.call(4, 6, Map.of("sql", "DROP TABLE db.main.big_fragmented"));
	}

	@Test
	void textMessageLongerThanTheContainerDefaultClosesWith1003() {
		N6kClient client = open("db");
		client.sendText("x".repeat(256 * 1024));
		assertThat(client.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1003);
		assertThat(client.inbox()).isEmpty();
	}

	private static List<Object> countAndSum(N6kClient client, long id, String table) {
		Response response = client.call(id, 7,
				Map.of("sql", "SELECT count(*) AS n, sum(id) AS s FROM db.main." + table));
		return response.arrow().rows().get(0);
	}

	private static BigDecimal sumOfIds() {
		return BigDecimal.valueOf((long) ROWS * (ROWS - 1) / 2);
	}

	private static byte[] rows(int count) {
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot
					.create(new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
							new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null))), allocator)) {
			root.allocateNew();
			BigIntVector ids = (BigIntVector) root.getVector(0);
			VarCharVector names = (VarCharVector) root.getVector(1);
			for (int i = 0; i < count; i++) {
				ids.setSafe(i, i);
				names.setSafe(i, ("row number " + i).getBytes());
			}
			root.setRowCount(count);
			return ArrowIpc.stream(root);
		}
	}

}
