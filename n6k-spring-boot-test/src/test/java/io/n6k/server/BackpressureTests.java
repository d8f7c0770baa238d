package io.n6k.server;

import java.time.Duration;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.support.EngineTestConfiguration;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that stops reading cannot make the server buffer without bound: over a real
 * socket, streams pause at the high-water mark. The close at the limit, and the writer's
 * other rules, are proven without a socket in {@code N6kConnectionTests} and
 * {@code OutboundTests} (n6k-spring-boot-autoconfigure).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.websocket.send-buffer-high-water=512KB", "n6k.websocket.send-buffer-limit=2MB" })
@Import(EngineTestConfiguration.class)
class BackpressureTests extends SocketTestSupport {

	@Test
	void streamsPauseWhileTheClientDoesNotRead() throws InterruptedException {
		N6kClient client = open("gen");
		client.pauseReading();
		client.request(1, 7, Map.of("sql", "endless"));
		client.credit(1, 0, 1_000_000);
		long most = 0;
		for (int i = 0; i < 20; i++) {
			Thread.sleep(100);
			for (LiveConnection connection : this.server.connections().serving("gen")) {
				most = Math.max(most, connection.queuedBytes());
			}
		}
		assertThat(most).as("bytes queued at most").isGreaterThan(0).isLessThan(512 * 1024 + 64 * 1024);
		assertThat(client.isClosed()).isFalse();
		client.resumeReading();
		client.cancel(1, 0);
		ReceivedFrame end = client.take((f) -> f.type() == 4, Duration.ofSeconds(20));
		assertThat(end.get("cancelled")).isEqualTo(true);
	}

}
