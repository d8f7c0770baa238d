package io.n6k.access;

import java.time.Duration;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication configured with {@code n6k.auth.*}: the header, {@code ?token=} and the
 * HELLO token, in that precedence (protocol §1.3, §4.4), per-catalog requirements, and
 * tokens kept out of logs.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"n6k.catalogs.other.path=:memory:", "n6k.catalogs.other.access=all",
				"n6k.catalogs.public.path=:memory:", "n6k.catalogs.public.access=all",
				"n6k.catalogs.public.auth-required=false", "n6k.auth.tokens.alice.value=alice-token-1234",
				"n6k.auth.tokens.alice.catalogs=db", "n6k.auth.tokens.bob.value=bob-token-5678",
				"n6k.handshake.timeout=1s", "logging.level.io.n6k=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class AuthenticationTests extends SocketTestSupport {

	@Test
	void bearerHeaderAuthenticates(CapturedOutput output) {
		N6kClient client = connect("/ws?catalog=db", Map.of("Authorization", "Bearer alice-token-1234"));
		assertThat(client.next().type()).isEqualTo(12);
		assertThat(client.call(1, 1, Map.of()).isError()).isFalse();
		assertThat(output).doesNotContain("alice-token-1234");
	}

	@Test
	void wrongOrMisspelledTransportCredentialsAreRefused(CapturedOutput output) {
		assertThat(connect("/ws?catalog=db", Map.of("Authorization", "Bearer nope")).awaitClose(Duration.ofSeconds(5)))
			.isEqualTo(new N6kClient.CloseInfo(4401, "unauthorized"));
		assertThat(connect("/ws?catalog=db&token=nope").awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(4401);
		assertThat(connect("/ws?catalog=other", Map.of("Authorization", "Bearer alice-token-1234"))
			.awaitClose(Duration.ofSeconds(5))
			.code()).as("alice may only open db").isEqualTo(4401);
		N6kClient notBearer = connect("/ws?catalog=db", Map.of("Authorization", "Basic alice-token-1234"));
		assertThat(notBearer.poll((f) -> true, Duration.ofMillis(300))).as("not a bearer: no credential").isNull();
		assertThat(output).doesNotContain("alice-token-1234").doesNotContain("bob-token-5678");
	}

	@Test
	void tokenParameterAndHelloTokenAuthenticate() {
		assertThat(connect("/ws?catalog=other&token=bob-token-5678").next().type()).isEqualTo(12);
		N6kClient hello = connect("/ws?catalog=db");
		hello.hello(1, "db", "alice-token-1234");
		ReceivedFrame ack = hello.next();
		assertThat(ack.type()).isEqualTo(12);
		assertThat(ack.ns()).isEqualTo(1);
		assertThat(hello.call(1, 1, 1, Map.of(), new byte[0]).isError()).isFalse();
		N6kClient wrong = connect("/ws?catalog=db");
		wrong.hello(0, null, "bob-token-wrong");
		assertThat(wrong.next().string("exception_message")).isEqualTo("unauthorized");
		assertThat(wrong.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
	}

	@Test
	void aSecondHelloWithABadTokenEndsTheConnection() {
		N6kClient client = connect("/ws?catalog=db");
		client.hello(0, null, "alice-token-1234");
		assertThat(client.next().type()).isEqualTo(12);
		client.hello(2, "db", "stolen");
		assertThat(client.next().type()).isEqualTo(13);
		assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
	}

	@Test
	void aCatalogMayBeOpen() {
		N6kClient client = connect("/ws?catalog=public");
		assertThat(client.next().type()).isEqualTo(12);
	}

	@Test
	void anonymousClientsOfProtectedCatalogsGetNoSessionAndAreReaped() {
		N6kClient client = connect("/ws?catalog=db");
		client.request(1, 1, Map.of());
		assertThat(client.next().string("exception_message")).contains("FT_HELLO");
		ReceivedFrame reaped = client.next(Duration.ofSeconds(5));
		assertThat(reaped.string("exception_message"))
			.isEqualTo("no FT_HELLO within 1000ms; this connection requires an authorized FT_HELLO");
		assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
	}

}
