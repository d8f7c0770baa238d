package io.n6k.sample.conformance;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.client.Response;
import io.n6k.sample.SampleApplication;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance server's {@code slowdb} pushes aggregates, like the reference's
 * provider-backed catalog: it advertises {@code aggregate_pushdown}, and the request a
 * DuckDB client sends for {@code SELECT count(*) FROM slowdb.main.slow} is answered by
 * one AGGREGATE and no SCAN, as the server's request counts show.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("conformance")
class SlowdbAggregateTests {

	@LocalServerPort
	int port;

	private final List<N6kClient> clients = new ArrayList<>();

	private final HttpClient http = HttpClient.newHttpClient();

	private final ObjectMapper json = new ObjectMapper();

	@AfterEach
	void close() {
		this.clients.forEach(N6kClient::close);
	}

	@Test
	void slowdbAdvertisesAggregatePushdown() {
		N6kClient client = N6kClient.connect(URI.create("ws://localhost:" + this.port + "/ws?catalog=slowdb"));
		this.clients.add(client);
		ReceivedFrame ack = client.next();
		assertThat(ack.get("capabilities")).isEqualTo(List.of("aggregate_pushdown"));
	}

	@Test
	void countStarOnSlowdbIsOneAggregateAndNoScan() throws Exception {
		N6kClient client = open();
		JsonNode before = ops();
		Response count = client.call(1, 13, Map.of("schema", "main", "table", "slow", "group_by", List.of(),
				"aggregates", List.of(Map.of("fn", "count"))));
		assertThat(count.arrow().rows()).containsExactly(List.of(3L));
		JsonNode after = awaitOps(before, "AGGREGATE", 1);
		assertThat(after.path("AGGREGATE").asLong() - before.path("AGGREGATE").asLong()).isEqualTo(1);
		assertThat(after.path("SCAN").asLong() - before.path("SCAN").asLong()).isZero();
		assertThat(after.path("QUERY").asLong() - before.path("QUERY").asLong()).isZero();
	}

	@Test
	void slowdbAggregatesLikeDuckDbWould() {
		N6kClient client = open();
		Response sum = client.call(1, 13,
				Map.of("schema", "main", "table", "slow", "group_by", List.of(), "aggregates",
						List.of(Map.of("fn", "sum", "col", "id"), Map.of("fn", "min", "col", "value"),
								Map.of("fn", "max", "col", "value"), Map.of("fn", "avg", "col", "id"))));
		assertThat(sum.arrow().schema().getFields().get(0).getType()).isEqualTo(new ArrowType.Decimal(38, 0, 128));
		assertThat(sum.arrow().rows()).containsExactly(List.of(new BigDecimal("6"), "a", "c", 2.0));
		Response cats = client.call(2, 13, Map.of("schema", "cats", "table", "cats", "group_by", List.of("cat"),
				"aggregates", List.of(Map.of("fn", "count"))));
		assertThat(cats.arrow().rows()).containsExactlyInAnyOrder(List.of("x", 2L), List.of("y", 1L));
		Response none = client.call(3, 13,
				Map.of("schema", "main", "table", "slow", "group_by", List.of(), "aggregates",
						List.of(Map.of("fn", "count"), Map.of("fn", "max", "col", "value")), "filters",
						List.of(List.of("id", "<", 0))));
		assertThat(none.arrow().rows()).containsExactly(java.util.Arrays.asList(0L, null));
		Response grouped = client.call(4, 13, Map.of("schema", "main", "table", "slow", "group_by", List.of("value"),
				"aggregates", List.of(Map.of("fn", "count")), "filters", List.of(List.of("id", "<", 0))));
		assertThat(grouped.arrow().rows()).isEmpty();
	}

	private N6kClient open() {
		N6kClient client = N6kClient.connect(URI.create("ws://localhost:" + this.port + "/ws?catalog=slowdb"));
		this.clients.add(client);
		assertThat(client.next().type()).isEqualTo(12);
		return client;
	}

	/**
	 * Poll the counts until an op has grown by the expected amount (a request is counted
	 * as it finishes).
	 */
	private JsonNode awaitOps(JsonNode before, String op, long delta) throws Exception {
		long deadline = System.nanoTime() + 5_000_000_000L;
		JsonNode now = ops();
		while (now.path(op).asLong() - before.path(op).asLong() < delta && System.nanoTime() < deadline) {
			Thread.sleep(20);
			now = ops();
		}
		return now;
	}

	private JsonNode ops() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/debug/counts")).build(),
				HttpResponse.BodyHandlers.ofString());
		return this.json.readTree(response.body()).path("ws").path("requests_by_op");
	}

}
