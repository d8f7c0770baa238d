package io.n6k.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.protocol.FrameType;
import io.n6k.support.DuckDbTestConfiguration;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/health} and {@code /actuator/n6k} over real HTTP, with the endpoint
 * exposed and its access unrestricted.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"n6k.duckdb.init-sql[0]=classpath:fixture.sql", "management.endpoints.web.exposure.include=health,n6k",
				"management.endpoint.n6k.access=unrestricted", "management.endpoint.health.show-details=always" })
@Import(DuckDbTestConfiguration.class)
class N6kActuatorTests extends SocketTestSupport {

	private ActuatorHttp http;

	@BeforeEach
	void http() {
		this.http = new ActuatorHttp(this.port);
	}

	@Test
	@SuppressWarnings("unchecked")
	void healthShowsTheServedCatalogWithItsDetails() {
		open("db");
		HttpResponse<String> response = this.http.get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> n6k = (Map<String, Object>) ((Map<String, Object>) ActuatorHttp.json(response)
			.get("components")).get("n6k");
		assertThat(n6k).containsEntry("status", "UP");
		Map<String, Object> db = (Map<String, Object>) ((Map<String, Object>) n6k.get("components")).get("db");
		assertThat(db).containsEntry("status", "UP");
		Map<String, Object> details = (Map<String, Object>) db.get("details");
		assertThat(details).containsEntry("database", "DuckDB")
			.containsEntry("catalog", "db")
			.containsEntry("readOnly", false)
			.containsEntry("lockdown", true)
			.containsEntry("externalAccess", false)
			.containsEntry("connections", 1);
		assertThat(((Number) details.get("tables")).intValue()).isPositive();
	}

	@Test
	@SuppressWarnings("unchecked")
	void endpointListsALiveConnectionWithItsRequestInFlight() {
		N6kClient client = open("db");
		// an endless stream stops after its 8 initial credits and stays in flight
		client.request(7, 7, Map.of("sql", "SELECT * FROM n6k_testing_stream_counter(0)"));
		for (int i = 0; i < 9; i++) {
			client.next();
		}
		HttpResponse<String> response = this.http.get("/actuator/n6k");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> body = ActuatorHttp.json(response);
		assertThat(body).containsEntry("draining", false);
		List<Map<String, Object>> connections = (List<Map<String, Object>>) body.get("connections");
		assertThat(connections).hasSize(1);
		Map<String, Object> connection = connections.get(0);
		assertThat(connection.get("remoteAddress")).asString().contains("127.0.0.1");
		assertThat(connection).containsEntry("catalogs", List.of("db")).containsEntry("path", "/ws");
		assertThat((List<Map<String, Object>>) connection.get("sessions"))
			.containsExactly(Map.of("ns", 0, "catalog", "db"));
		List<Map<String, Object>> requests = (List<Map<String, Object>>) connection.get("requests");
		assertThat(requests).hasSize(1);
		assertThat(requests.get(0)).containsEntry("id", 7)
			.containsEntry("op", "QUERY")
			.containsEntry("catalog", "db")
			.containsEntry("rowsSent", 8 * 2048);
		assertThat(((Number) requests.get(0).get("ageMillis")).longValue()).isNotNegative();
		HttpResponse<String> one = this.http.get("/actuator/n6k/" + connection.get("id"));
		assertThat(one.statusCode()).isEqualTo(200);
		assertThat(ActuatorHttp.json(one)).containsEntry("id", connection.get("id"));
		assertThat(this.http.get("/actuator/n6k/no-such-connection").statusCode()).isEqualTo(404);
		client.cancel(7, 0);
		client.take((f) -> f.type() == FrameType.RESP_END, N6kClient.TIMEOUT);
	}

	@Test
	@SuppressWarnings("unchecked")
	void exposedEndpointClosesAConnection() throws InterruptedException {
		N6kClient client = open("db");
		List<Map<String, Object>> connections = (List<Map<String, Object>>) ActuatorHttp
			.json(this.http.get("/actuator/n6k"))
			.get("connections");
		String id = (String) connections.get(0).get("id");
		HttpResponse<String> response = this.http.delete("/actuator/n6k/" + id);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ActuatorHttp.json(response)).containsEntry("id", id).containsEntry("code", 1011);
		N6kClient.CloseInfo close = client.awaitClose(Duration.ofSeconds(5));
		assertThat(close.code()).isEqualTo(1011);
		assertThat(close.reason()).isEqualTo("forced close");
		awaitNoConnections();
		// nothing left to close: no content
		assertThat(this.http.delete("/actuator/n6k/" + id).statusCode()).isEqualTo(204);
	}

	private void awaitNoConnections() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!this.server.connections().all().isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(ActuatorHttp.json(this.http.get("/actuator/n6k")).get("connections")).isEqualTo(List.of());
	}

	@Test
	void exposedEndpointPushesAnInvalidation() {
		N6kClient client = open("db");
		HttpResponse<String> response = this.http.post("/actuator/n6k/db", "{\"schema\":\"main\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ActuatorHttp.json(response)).containsEntry("catalog", "db")
			.containsEntry("schemas", List.of("main"))
			.containsEntry("pushed", true);
		ReceivedFrame push = client.take((f) -> f.type() == FrameType.PUSH, N6kClient.TIMEOUT);
		assertThat(push.get("schemas")).isEqualTo(List.of("main"));
		// nothing changed since startup: nothing to push
		HttpResponse<String> stale = this.http.post("/actuator/n6k/db", "{}");
		assertThat(stale.statusCode()).isEqualTo(200);
		assertThat(ActuatorHttp.json(stale)).containsEntry("pushed", false).containsEntry("schemas", List.of());
		assertThat(this.http.post("/actuator/n6k/nope", "{\"schema\":\"main\"}").statusCode()).isEqualTo(400);
	}

}
