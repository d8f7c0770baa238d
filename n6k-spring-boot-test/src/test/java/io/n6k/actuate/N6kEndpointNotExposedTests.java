package io.n6k.actuate;

import io.n6k.client.N6kClient;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Boot's default exposure (health only), {@code /actuator/n6k} does not exist, even
 * with unrestricted access.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"management.endpoint.n6k.access=unrestricted" })
class N6kEndpointNotExposedTests extends SocketTestSupport {

	@Test
	void endpointIsNotReachableUnlessExposed() throws InterruptedException {
		N6kClient client = open("db");
		String id = this.server.connections().all().get(0).id();
		ActuatorHttp http = new ActuatorHttp(this.port);
		assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/n6k").statusCode()).isEqualTo(404);
		assertThat(http.delete("/actuator/n6k/" + id).statusCode()).isEqualTo(404);
		assertThat(http.post("/actuator/n6k/db", "{\"schema\":\"main\"}").statusCode()).isEqualTo(404);
		Thread.sleep(200);
		assertThat(client.isClosed()).isFalse();
		assertThat(this.server.connections().all()).hasSize(1);
	}

}
