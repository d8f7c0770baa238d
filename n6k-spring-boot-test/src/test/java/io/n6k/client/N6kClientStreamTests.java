package io.n6k.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.support.DuckDbTestConfiguration;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link N6kClient#stream}: batches decoded in place from the socket, every chunk
 * credited as it arrives, the request's frames kept out of the inbox, and the same values
 * as the frame API decodes.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"n6k.duckdb.init-sql[0]=classpath:fixture.sql" })
@Import(DuckDbTestConfiguration.class)
class N6kClientStreamTests extends SocketTestSupport {

	private static final String SQL = "SELECT range AS i, 'v' || range AS s FROM range(300000)";

	@Test
	void streamHandsEveryBatchOverDecodedAndCreditsBeyondTheInitialWindow() {
		N6kClient client = open("db");
		List<Long> sums = new ArrayList<>();
		List<String> last = new ArrayList<>();
		try (BufferAllocator allocator = new RootAllocator()) {
			ArrowStreamResult result = client.stream(1, 0, 7, Map.of("sql", SQL, "_batch_rows", 1000), allocator,
					(root) -> {
						BigIntVector i = (BigIntVector) root.getVector("i");
						long sum = 0;
						for (int row = 0; row < root.getRowCount(); row++) {
							sum += i.get(row);
						}
						sums.add(sum);
						VarCharVector s = (VarCharVector) root.getVector("s");
						last.add(s.getObject(root.getRowCount() - 1).toString());
					}, Duration.ofSeconds(30));
			assertThat(result.isError()).isFalse();
			assertThat(result.terminal().type()).isEqualTo(4);
			assertThat(result.rows()).isEqualTo(300_000);
			// at least 300 batches: far beyond the 8 initial credits, so every chunk was
			// credited
			assertThat(result.batches()).isGreaterThanOrEqualTo(300);
			assertThat(allocator.getAllocatedMemory()).isZero();
		}
		assertThat(sums.stream().mapToLong(Long::longValue).sum()).isEqualTo(300_000L * 299_999 / 2);
		assertThat(last.get(last.size() - 1)).isEqualTo("v299999");
		assertThat(client.inbox()).isEmpty();
		// the socket still serves the frame API afterwards
		assertThat(client.call(2, 7, Map.of("sql", "SELECT 42 AS x")).arrow().rows()).containsExactly(List.of(42));
	}

	@Test
	void streamDecodesLargeChunksThatArriveInManyParts() {
		N6kClient client = open("db");
		try (BufferAllocator allocator = new RootAllocator()) {
			long[] bytes = { 0 };
			ArrowStreamResult result = client.stream(1, 0, 7,
					Map.of("sql", "SELECT range AS i, repeat('x', 100) AS s FROM range(200000)"), allocator,
					(root) -> bytes[0] += ((VarCharVector) root.getVector("s")).getDataBuffer().readableBytes(),
					Duration.ofSeconds(30));
			assertThat(result.rows()).isEqualTo(200_000);
			assertThat(bytes[0]).isGreaterThanOrEqualTo(200_000L * 100);
			assertThat(result.bytes()).isGreaterThan(200_000L * 100);
		}
	}

	@Test
	void streamEndsWithTheServersErrorFrame() {
		N6kClient client = open("db");
		try (BufferAllocator allocator = new RootAllocator()) {
			ArrowStreamResult result = client.stream(1, 0, 7, Map.of("sql", "SELECT * FROM nope"), allocator,
					(root) -> {
					}, Duration.ofSeconds(10));
			assertThat(result.isError()).isTrue();
			assertThat(result.terminal().string("exception_type")).isEqualTo("CatalogException");
		}
	}

	@Test
	void aConsumerThatThrowsFailsTheStreamAndTheSocketStaysUsable() {
		N6kClient client = open("db");
		try (BufferAllocator allocator = new RootAllocator()) {
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> client.stream(1, 0, 7, Map.of("sql", SQL), allocator, (root) -> {
					throw new IllegalArgumentException("consumer failed");
				}, Duration.ofSeconds(10)))
				.withMessageContaining("consumer failed");
		}
		assertThat(client.call(2, 7, Map.of("sql", "SELECT 42 AS x")).arrow().rows()).containsExactly(List.of(42));
	}

}
