package io.n6k.server;

import java.time.Duration;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.support.EngineTestConfiguration;
import io.n6k.support.GeneratorCatalog;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream reads its source only as far as the client has credited it: at most one batch
 * is held beyond the chunks sent, whether the client waits or drops the socket.
 *
 * @author n6k
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(EngineTestConfiguration.class)
class StreamReadAheadTests extends SocketTestSupport {

	private static final Duration SILENCE = Duration.ofMillis(500);

	@Autowired
	GeneratorCatalog generator;

	@Test
	void streamReadsAtMostOneBatchBeyondItsCredit() {
		N6kClient client = open("gen");
		long before = this.generator.batches.get();
		client.request(1, 7, Map.of("sql", "endless"));
		assertThat(client.next().type()).isEqualTo(2);
		for (int i = 0; i < 8; i++) {
			assertThat(client.next().type()).isEqualTo(3);
		}
		assertThat(client.poll((frame) -> true, SILENCE)).isNull();
		assertThat(this.generator.batches.get() - before).isBetween(8L, 9L);
		client.credit(1, 0, 3);
		for (int i = 0; i < 3; i++) {
			assertThat(client.next().type()).isEqualTo(3);
		}
		assertThat(client.poll((frame) -> true, SILENCE)).isNull();
		assertThat(this.generator.batches.get() - before).isBetween(11L, 12L);
		client.cancel(1, 0);
		ReceivedFrame end = client.take((frame) -> frame.type() == 4, N6kClient.TIMEOUT);
		assertThat(end.get("cancelled")).isEqualTo(true);
	}

	@Test
	void droppedSocketStopsTheStreamWhereItsCreditEnded() {
		N6kClient client = open("gen");
		long before = this.generator.batches.get();
		int closed = this.generator.closed.get();
		client.request(1, 7, Map.of("sql", "endless"));
		assertThat(client.next().type()).isEqualTo(2);
		assertThat(client.next().type()).isEqualTo(3);
		client.abort();
		org.awaitility.Awaitility.await().atMost(N6kClient.TIMEOUT).until(() -> this.generator.closed.get() > closed);
		assertThat(this.generator.batches.get() - before).isLessThanOrEqualTo(9L);
	}

}
