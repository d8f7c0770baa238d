package io.n6k.duckdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * INSERTs of many record batches in messages far larger than one WebSocket part, the
 * shape of the DuckDB client's {@code CREATE TABLE … AS}: the server joins them off-heap
 * and hands the batches to DuckDB in place. Every row must arrive exactly, whatever the
 * fragmenting and the header's length, and a malformed large body must fail as a small
 * one does.
 *
 * @author n6k
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"n6k.websocket.max-binary-message-size=64MB" })
@Import(DuckDbTestConfiguration.class)
class LargeInsertTests extends SocketTestSupport {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int BATCHES = 60;

	private static final int BATCH_ROWS = 2048;

	private static final String MALFORMED = "n6k_server: malformed Arrow IPC insert payload (schema unreadable)";

	@Test
	void aFragmentedInsertOfManyBatchesInsertsExactlyTheRowsSent() {
		N6kClient client = open("db");
		createTable(client, "fragmented");
		byte[] body = rows(0);
		client.sendFragmented(N6kClient.frame(header(1, "fragmented", ""), body), 32 * 1024);
		assertThat(client.collect(1, 0, TIMEOUT).terminal().get("rowcount")).isEqualTo((long) BATCHES * BATCH_ROWS);
		assertExactRows(client, "fragmented", 0);
	}

	@Test
	void theHeaderLengthDoesNotMatterToTheRowsInserted() {
		N6kClient client = open("db");
		createTable(client, "padded");
		// headers of every length modulo 8 put the body at every offset a heap copy could
		for (int extra = 0; extra < 8; extra++) {
			client.sendFragmented(N6kClient.frame(header(10 + extra, "padded", "x".repeat(extra)), rows(extra)),
					32 * 1024 + extra);
			assertThat(client.collect(10 + extra, 0, TIMEOUT).terminal().get("rowcount"))
				.isEqualTo((long) BATCHES * BATCH_ROWS);
		}
		Response totals = client.call(20, 7, Map.of("sql", "SELECT count(*), count(DISTINCT s) FROM db.main.padded"));
		long rows = (long) BATCHES * BATCH_ROWS;
		assertThat(totals.arrow().rows()).containsExactly(List.of(8 * rows, 8 * (rows - nulls())));
	}

	@Test
	void aLargeInsertSentAsOneMessageInsertsExactlyTheRowsSent() {
		N6kClient client = open("db");
		createTable(client, "whole");
		Response insert = client.call(1, 0, 5, Map.of("schema", "main", "table", "whole"), rows(0));
		assertThat(insert.terminal().get("rowcount")).isEqualTo((long) BATCHES * BATCH_ROWS);
		assertExactRows(client, "whole", 0);
	}

	@Test
	void aMalformedLargeBodyFailsAsASmallOneDoes() {
		N6kClient client = open("db");
		createTable(client, "refused");
		byte[] garbage = new byte[256 * 1024];
		Arrays.fill(garbage, (byte) 0x5a);
		client.sendFragmented(N6kClient.frame(header(1, "refused", ""), garbage), 32 * 1024);
		Response refused = client.collect(1, 0, TIMEOUT);
		assertThat(refused.exceptionType()).isEqualTo("InvalidInputException");
		assertThat(refused.exceptionMessage()).isEqualTo(MALFORMED);
		byte[] valid = rows(0);
		byte[] truncated = Arrays.copyOf(valid, valid.length / 2);
		client.sendFragmented(N6kClient.frame(header(2, "refused", ""), truncated), 32 * 1024);
		Response cut = client.collect(2, 0, TIMEOUT);
		assertThat(cut.exceptionType()).isEqualTo("InvalidInputException");
		assertThat(cut.exceptionMessage()).isEqualTo(MALFORMED);
		Response none = client.call(3, 7, Map.of("sql", "SELECT count(*) FROM db.main.refused"));
		assertThat(none.arrow().rows()).containsExactly(List.of(0L));
	}

	private static void createTable(N6kClient client, String table) {
		Response created = client.call(100, 6,
				Map.of("sql", "CREATE TABLE db.main." + table + " (i BIGINT, s VARCHAR)"));
		assertThat(created.isError()).as(String.valueOf(created.terminal())).isFalse();
	}

	private static void assertExactRows(N6kClient client, String table, int salt) {
		long rows = (long) BATCHES * BATCH_ROWS;
		Response totals = client.call(101, 7,
				Map.of("sql", "SELECT count(*), sum(i), count(s), md5(string_agg(coalesce(s, '~'), ',' ORDER BY i)) "
						+ "FROM db.main." + table));
		assertThat(totals.arrow().rows())
			.containsExactly(List.of(rows, BigDecimal.valueOf(rows * (rows - 1) / 2), rows - nulls(), md5(salt)));
	}

	private static Map<String, Object> header(long id, String table, String padding) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("t", 1);
		header.put("id", id);
		header.put("op", 5);
		header.put("schema", "main");
		header.put("table", table);
		if (!padding.isEmpty()) {
			header.put("pad", padding);
		}
		return header;
	}

	/** Row {@code i}: {@code (i, 'v<salt>-<i>')}, NULL every 97th row. */
	private static String value(long i, int salt) {
		return (i % 97 == 0) ? null : "v" + salt + "-" + i;
	}

	private static long nulls() {
		long rows = (long) BATCHES * BATCH_ROWS;
		return (rows + 96) / 97;
	}

	private static String md5(int salt) {
		StringBuilder all = new StringBuilder();
		for (long i = 0; i < (long) BATCHES * BATCH_ROWS; i++) {
			if (i > 0) {
				all.append(',');
			}
			String value = value(i, salt);
			all.append((value != null) ? value : "~");
		}
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("MD5").digest(all.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * {@link #BATCHES} record batches of {@link #BATCH_ROWS} rows, as the client sends.
	 */
	private static byte[] rows(int salt) {
		Schema schema = new Schema(List.of(new Field("i", FieldType.nullable(new ArrowType.Int(64, true)), null),
				new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
				ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
			writer.start();
			BigIntVector i = (BigIntVector) root.getVector(0);
			VarCharVector s = (VarCharVector) root.getVector(1);
			for (int batch = 0; batch < BATCHES; batch++) {
				root.allocateNew();
				for (int r = 0; r < BATCH_ROWS; r++) {
					long row = (long) batch * BATCH_ROWS + r;
					i.setSafe(r, row);
					String value = value(row, salt);
					if (value != null) {
						s.setSafe(r, value.getBytes(StandardCharsets.UTF_8));
					}
					else {
						s.setNull(r);
					}
				}
				root.setRowCount(BATCH_ROWS);
				writer.writeBatch();
			}
			writer.end();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toByteArray();
	}

}
