package io.n6k.server;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.client.Response;
import io.n6k.protocol.FrameType;
import io.n6k.support.DuckDbTestConfiguration;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing the application while a client is in mid-stream (server.shutdown=graceful): the
 * client gets the rest of a short stream and a 1001 close, or, past the shutdown phase
 * timeout, its request cancelled and a 1001 close; new upgrades get 1012; never an
 * abnormal closure, and no stack trace in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class N6kGracefulShutdownTests {

	private final List<N6kClient> clients = new ArrayList<>();

	private ConfigurableApplicationContext context;

	@AfterEach
	void closeEverything() {
		this.clients.forEach(N6kClient::close);
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void shortStreamFinishesThenTheSocketClosesWithGoingAway(CapturedOutput output) throws Exception {
		start("20s");
		N6kClient client = connect();
		assertThat(client.next().type()).isEqualTo(FrameType.HELLO_ACK);
		// 10 rows, one per chunk, 200 ms apart; it stops after 8 + 1 credits until the
		// client credits more
		client.request(1, 0, 8, Map.of("function", "ticker", "args", List.of(10, 200)), new byte[0]);
		assertThat(client.next().type()).isEqualTo(FrameType.RESP_SCHEMA);
		assertThat(client.next().type()).isEqualTo(FrameType.RESP_CHUNK);
		client.credit(1, 0, 1);
		N6kServer server = this.context.getBean(N6kServer.class);
		String port = this.context.getEnvironment().getProperty("local.server.port");
		long start = System.nanoTime();
		CompletableFuture<Void> shutdown = CompletableFuture.runAsync(this.context::close);
		awaitDraining(server);
		N6kClient late = connect(port);
		N6kClient.CloseInfo refused = late.awaitClose(Duration.ofSeconds(5));
		assertThat(refused.code()).isEqualTo(1012);
		assertThat(refused.reason()).isEqualTo("service restart");
		Response rest = client.collect(1, 0, N6kClient.TIMEOUT, true);
		assertThat(rest.terminal().type()).isEqualTo(FrameType.RESP_END);
		assertThat(rest.terminal().has("cancelled")).isFalse();
		assertThat(rest.hasEos()).isTrue();
		assertThat(rest.dataChunks()).isEqualTo(9);
		N6kClient.CloseInfo close = client.awaitClose(Duration.ofSeconds(5));
		assertThat(close.code()).isEqualTo(1001);
		assertThat(close.reason()).isEqualTo("going away");
		shutdown.get(20, TimeUnit.SECONDS);
		// the stream's 2 s, not the 20 s timeout
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertNoStackTrace(output);
	}

	@Test
	void requestsStillRunningAtTheTimeoutAreCancelledAndTheSocketClosesWithGoingAway(CapturedOutput output)
			throws Exception {
		start("2s");
		N6kClient client = connect();
		assertThat(client.next().type()).isEqualTo(FrameType.HELLO_ACK);
		// runs inside DuckDB for hours unless interrupted
		client.request(1, 7, Map.of("sql", "SELECT sum(range) FROM range(1000000000000)"));
		// an endless stream the client keeps crediting
		client.request(2, 7, Map.of("sql", "SELECT * FROM n6k_testing_stream_counter(0)"));
		assertThat(client.take((f) -> f.type() == FrameType.RESP_CHUNK, N6kClient.TIMEOUT).id()).isEqualTo(2);
		Thread.sleep(200);
		long start = System.nanoTime();
		CompletableFuture<Void> shutdown = CompletableFuture.runAsync(this.context::close);
		CompletableFuture<Response> endless = CompletableFuture
			.supplyAsync(() -> client.collect(2, 0, N6kClient.TIMEOUT, true));
		ReceivedFrame end = client.take(
				(f) -> f.id() != null && f.id() == 1 && (f.type() == FrameType.RESP_END || f.type() == FrameType.ERR),
				N6kClient.TIMEOUT);
		assertThat(end.type()).isEqualTo(FrameType.RESP_END);
		assertThat(end.get("cancelled")).isEqualTo(true);
		assertThat(endless.get(10, TimeUnit.SECONDS).terminal().get("cancelled")).isEqualTo(true);
		N6kClient.CloseInfo close = client.awaitClose(Duration.ofSeconds(5));
		assertThat(close.code()).isEqualTo(1001);
		assertThat(close.reason()).isEqualTo("going away");
		Duration closedAfter = Duration.ofNanos(System.nanoTime() - start);
		shutdown.get(20, TimeUnit.SECONDS);
		assertThat(closedAfter).isBetween(Duration.ofMillis(1400), Duration.ofSeconds(10));
		assertNoStackTrace(output);
	}

	@Test
	void aPausedAndRestartedApplicationAcceptsConnectionsAgain() {
		// the test framework pauses a cached context between the test classes that share
		// it, and restarts it for the next one
		start("2s");
		this.context.pause();
		assertThat(this.context.getBean(N6kServer.class).isDraining()).isTrue();
		this.context.restart();
		N6kClient client = connect(
				Integer.toString(((WebServerApplicationContext) this.context).getWebServer().getPort()));
		assertThat(client.next().type()).isEqualTo(FrameType.HELLO_ACK);
		assertThat(client.call(1, 7, Map.of("sql", "SELECT 42 AS answer")).arrow().rows()).containsExactly(List.of(42));
	}

	private void start(String phaseTimeout) {
		this.context = new SpringApplicationBuilder(TestApplication.class, DuckDbTestConfiguration.class)
			.properties("server.port=0", "server.shutdown=graceful",
					"spring.lifecycle.timeout-per-shutdown-phase=" + phaseTimeout, "n6k.catalogs.db.path=:memory:",
					"n6k.catalogs.db.access=all", "spring.main.banner-mode=off")
			.run();
	}

	private N6kClient connect() {
		return connect(this.context.getEnvironment().getProperty("local.server.port"));
	}

	private N6kClient connect(String port) {
		N6kClient client = N6kClient.connect(URI.create("ws://localhost:" + port + "/ws?catalog=db"));
		this.clients.add(client);
		return client;
	}

	private static void awaitDraining(N6kServer server) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!server.isDraining() && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		assertThat(server.isDraining()).isTrue();
	}

	private static void assertNoStackTrace(CapturedOutput output) {
		assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain("Exception");
	}

}
