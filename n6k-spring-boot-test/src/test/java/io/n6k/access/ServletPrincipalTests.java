package io.n6k.access;

import java.time.Duration;
import java.util.Map;

import io.n6k.autoconfigure.security.TokenOnlySecurityConfiguration;
import io.n6k.backend.Handshake;
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
 * Issue 9 finding 3 with real Spring Security: the n6k endpoint is permitted and the
 * application has {@code httpBasic()} (recipe "token only"). A Basic login is not an n6k
 * credential unless {@code n6k.auth.servlet-principal} is set: the connection is treated
 * as one without credentials (protocol §1.3: no unprompted HELLO_ACK, a HELLO token is
 * needed) and the login is only shown to the SessionFactory.
 */
@SpringBootTest(classes = SecuredTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.permissions[main.items]=read",
				"n6k.catalogs.other.path=:memory:", "n6k.catalogs.other.permissions[main.items]=read",
				"n6k.catalogs.public.path=:memory:", "n6k.catalogs.public.access=all",
				"n6k.catalogs.public.auth-required=false", "n6k.duckdb.init-sql=classpath:security.sql",
				"n6k.auth.tokens.alice.value=alice-token-1234", "n6k.auth.tokens.alice.catalogs=db",
				"n6k.auth.tokens.bob.value=bob-token-5678", "n6k.handshake.timeout=1s" })
@Import({ TokenOnlySecurityConfiguration.class, SecurityTestConfiguration.class })
@ExtendWith(OutputCaptureExtension.class)
class ServletPrincipalTests extends SocketTestSupport {

	static final Duration SILENCE = Duration.ofMillis(500);

	@BeforeEach
	void clearHandshakes() {
		SecurityTestConfiguration.handshakes.clear();
	}

	@Test
	void basicLoginWithoutServletPrincipalOptInGetsNoSession(CapturedOutput output) {
		N6kClient client = connect("/ws?catalog=db", Map.of("Authorization", SecurityTestConfiguration.basic("carol")));
		assertThat(client.poll((f) -> true, SILENCE)).as("no unprompted HELLO_ACK").isNull();
		client.request(1, 1, Map.of());
		assertThat(client.next().string("exception_message")).contains("FT_HELLO");
		client.hello(0, null, null);
		ReceivedFrame refused = client.next();
		assertThat(refused.type()).isEqualTo(13);
		assertThat(refused.string("exception_message")).isEqualTo("unauthorized");
		assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
		assertThat(SecurityTestConfiguration.handshakes).isEmpty();
		assertThat(output).contains("n6k refused authentication: connection=")
			.contains("catalog=db credential=hello reason=missing_credentials");
	}

	@Test
	void basicLoginWithoutAnyHelloIsReaped() {
		N6kClient client = connect("/ws?catalog=db", Map.of("Authorization", SecurityTestConfiguration.basic("alice")));
		ReceivedFrame reaped = client.next(Duration.ofSeconds(5));
		assertThat(reaped.type()).isEqualTo(13);
		assertThat(reaped.string("exception_message"))
			.isEqualTo("no FT_HELLO within 1000ms; this connection requires an authorized FT_HELLO");
		assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
	}

	@Test
	void aLoggedInClientStillAuthenticatesWithItsN6kToken() {
		N6kClient client = connect("/ws?catalog=other&token=bob-token-5678",
				Map.of("Authorization", SecurityTestConfiguration.basic("carol")));
		assertThat(client.next().type()).isEqualTo(12);
		assertThat(SecurityTestConfiguration.principals()).containsExactly("bob");
		assertThat(SecurityTestConfiguration.handshakes.get(0).servletPrincipal().getName()).isEqualTo("carol");
	}

	@Test
	void aLoginDoesNotLiftTheTokensCatalogLimit() {
		N6kClient client = connect("/ws?catalog=other",
				Map.of("Authorization", SecurityTestConfiguration.basic("carol")));
		client.hello(0, null, "alice-token-1234");
		assertThat(client.next().string("exception_message")).isEqualTo("unauthorized");
		assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
	}

	@Test
	void onAnOpenCatalogTheLoginIsShownToTheSessionFactoryButIsNotTheN6kPrincipal() {
		N6kClient client = connect("/ws?catalog=public",
				Map.of("Authorization", SecurityTestConfiguration.basic("carol")));
		assertThat(client.next().type()).isEqualTo(12);
		assertThat(SecurityTestConfiguration.handshakes).hasSize(1);
		Handshake handshake = SecurityTestConfiguration.handshakes.get(0);
		assertThat(handshake.principal()).isNull();
		assertThat(handshake.servletPrincipal()).isNotNull();
		assertThat(handshake.servletPrincipal().getName()).isEqualTo("carol");
	}

	@Test
	void theChainStillGuardsTheRestOfTheApplication() throws Exception {
		java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + this.port + "/other"))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(connect("/ws?catalog=db&token=alice-token-1234").next().type()).isEqualTo(12);
	}

}
