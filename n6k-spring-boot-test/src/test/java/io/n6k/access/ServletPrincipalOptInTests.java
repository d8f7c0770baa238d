package io.n6k.access;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.n6k.autoconfigure.security.SessionLoginSecurityConfiguration;
import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.support.SecuredTestApplication;
import io.n6k.support.SecurityTestConfiguration;
import io.n6k.support.SocketTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code n6k.auth.servlet-principal=true} with the "session login" recipe: the web login
 * is the n6k principal, for every catalog unless the verifier says otherwise; the static
 * verifier holds a login to the catalogs of the token of the same principal name.
 */
@SpringBootTest(classes = SecuredTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.permissions[main.items]=read",
				"n6k.catalogs.other.path=:memory:", "n6k.catalogs.other.permissions[main.items]=read",
				"n6k.duckdb.init-sql=classpath:security.sql", "n6k.auth.servlet-principal=true",
				"n6k.auth.tokens.alice.value=alice-token-1234", "n6k.auth.tokens.alice.catalogs=db",
				"n6k.handshake.timeout=1s" })
@Import({ SessionLoginSecurityConfiguration.class, SecurityTestConfiguration.class })
@ExtendWith(OutputCaptureExtension.class)
class ServletPrincipalOptInTests extends SocketTestSupport {

	@BeforeEach
	void clearHandshakes() {
		SecurityTestConfiguration.handshakes.clear();
	}

	@Test
	void basicLoginOpensASessionAsItsUser() {
		N6kClient client = connect("/ws?catalog=other",
				Map.of("Authorization", SecurityTestConfiguration.basic("carol")));
		assertThat(client.next().type()).isEqualTo(12);
		assertThat(client.call(1, 2, Map.of()).isError()).isFalse();
		assertThat(SecurityTestConfiguration.principals()).containsExactly("carol");
		assertThat(SecurityTestConfiguration.handshakes.get(0).servletPrincipal().getName()).isEqualTo("carol");
	}

	@Test
	void aLoginKeepsTheCatalogLimitOfTheTokenOfItsName(CapturedOutput output) {
		N6kClient db = connect("/ws?catalog=db", Map.of("Authorization", SecurityTestConfiguration.basic("alice")));
		assertThat(db.next().type()).isEqualTo(12);
		N6kClient other = connect("/ws?catalog=other",
				Map.of("Authorization", SecurityTestConfiguration.basic("alice")));
		assertThat(other.awaitClose(Duration.ofSeconds(5))).isEqualTo(new N6kClient.CloseInfo(4401, "unauthorized"));
		assertThat(other.inbox()).isEmpty();
		assertThat(output).contains("principal=alice catalog=other credential=login reason=catalog_not_allowed");
	}

	@Test
	void additionalHelloSessionsUseTheLogin() {
		N6kClient client = connect("/ws?catalog=db", Map.of("Authorization", SecurityTestConfiguration.basic("alice")));
		assertThat(client.next().type()).isEqualTo(12);
		client.hello(1, "db", null);
		ReceivedFrame ack = client.next();
		assertThat(ack.type()).isEqualTo(12);
		assertThat(ack.ns()).isEqualTo(1);
		assertThat(client.call(1, 1, 2, Map.of(), new byte[0]).isError()).isFalse();
	}

	@Test
	void withoutALoginTheChainRefusesTheUpgrade() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/ws?catalog=db"))
				.header("Accept", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void anN6kTokenStillWorksForALoggedInClient() {
		N6kClient client = connect("/ws?catalog=db&token=alice-token-1234",
				Map.of("Authorization", SecurityTestConfiguration.basic("carol")));
		assertThat(client.next().type()).isEqualTo(12);
		assertThat(SecurityTestConfiguration.principals()).as("with the opt-in, the login comes first")
			.containsExactly("carol");
	}

}
