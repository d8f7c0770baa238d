package io.n6k.actuate;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code n6k} endpoint exposed without {@code access=unrestricted}: it lists
 * connections but cannot close them or push.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"management.endpoints.web.exposure.include=n6k" })
class N6kEndpointReadOnlyTests extends SocketTestSupport {

	@Test
	@SuppressWarnings("unchecked")
	void writeOperationsAreRefusedByDefault() throws InterruptedException {
		N6kClient client = open("db");
		ActuatorHttp http = new ActuatorHttp(this.port);
		List<Map<String, Object>> connections = (List<Map<String, Object>>) ActuatorHttp.json(http.get("/actuator/n6k"))
			.get("connections");
		assertThat(connections).hasSize(1);
		String id = (String) connections.get(0).get("id");
		HttpResponse<String> delete = http.delete("/actuator/n6k/" + id);
		assertThat(delete.statusCode()).isEqualTo(405);
		HttpResponse<String> post = http.post("/actuator/n6k/db", "{\"schema\":\"main\"}");
		assertThat(post.statusCode()).isEqualTo(405);
		Thread.sleep(200);
		assertThat(client.isClosed()).isFalse();
		assertThat(this.server.connections().all()).hasSize(1);
		assertThat(client.poll((f) -> f.type() == 8, java.time.Duration.ofMillis(200))).isNull();
	}

}
