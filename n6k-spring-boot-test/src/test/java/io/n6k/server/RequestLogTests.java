package io.n6k.server;

import java.util.List;
import java.util.Map;

import io.n6k.client.ArrowIpc;
import io.n6k.client.N6kClient;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request log ({@code io.n6k.requests} at DEBUG) tells what each request did: rows
 * sent for reads, rows written for INSERT and EXEC.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.logged.path=:memory:", "n6k.catalogs.logged.access=all",
				"logging.level.io.n6k.requests=DEBUG",
				"n6k.duckdb.init-sql[0]=CREATE TABLE logged.main.facts (id INTEGER)" })
@ExtendWith(OutputCaptureExtension.class)
class RequestLogTests extends SocketTestSupport {

	@Test
	void logReportsRowsWrittenByInsertAndExec(CapturedOutput output) throws Exception {
		N6kClient client = open("logged");
		assertThat(
				client.call(1, 0, 5, Map.of("schema", "main", "table", "facts"), oneRow()).terminal().get("rowcount"))
			.isEqualTo(1L);
		assertThat(client.call(2, 6, Map.of("sql", "INSERT INTO logged.main.facts VALUES (2), (3)"))
			.terminal()
			.get("rowcount")).isEqualTo(2L);
		assertThat(client.call(3, 4, Map.of("schema", "main", "table", "facts")).arrow().rows()).hasSize(3);
		waitFor(output, "op=SCAN");
		assertThat(output.getOut())
			.containsPattern("catalog=logged .* id=1 op=INSERT outcome=SUCCESS rows=0 written=1 ")
			.containsPattern("id=2 op=EXEC outcome=SUCCESS rows=0 written=2 ")
			.containsPattern("id=3 op=SCAN outcome=SUCCESS rows=3 duration=");
	}

	private static void waitFor(CapturedOutput output, String text) throws InterruptedException {
		for (int i = 0; i < 100 && !output.getOut().contains(text); i++) {
			Thread.sleep(20);
		}
	}

	private static byte[] oneRow() {
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot.create(
						new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(32, true)), null))),
						allocator)) {
			root.allocateNew();
			((IntVector) root.getVector(0)).setSafe(0, 1);
			root.setRowCount(1);
			return ArrowIpc.stream(root);
		}
	}

}
