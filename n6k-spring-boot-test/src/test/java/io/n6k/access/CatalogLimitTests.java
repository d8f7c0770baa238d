package io.n6k.access;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.n6k.backend.SessionFactory;
import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.server.ConnectionPlan;
import io.n6k.server.N6kEndpoint;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token's {@code catalogs} limit holds whichever way the token arrives: the header,
 * {@code ?token=}, a HELLO, and every session of a multiplexed connection, whether the
 * token came with the upgrade request or in each HELLO.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.permissions[main.items]=read",
				"n6k.catalogs.other.path=:memory:", "n6k.catalogs.other.permissions[main.items]=read",
				"n6k.duckdb.init-sql=classpath:security.sql", "n6k.auth.tokens.alice.value=alice-token-1234",
				"n6k.auth.tokens.alice.catalogs=db", "n6k.auth.tokens.bob.value=bob-token-5678",
				"n6k.handshake.timeout=1s" })
@Import(CatalogLimitTests.MuxEndpoint.class)
@ExtendWith(OutputCaptureExtension.class)
class CatalogLimitTests extends SocketTestSupport {

	static final Map<String, String> ALICE = Map.of("Authorization", "Bearer alice-token-1234");

	@Test
	void headerTokenOpensOnlyItsCatalogs(CapturedOutput output) {
		assertThat(connect("/ws?catalog=db", ALICE).next().type()).isEqualTo(12);
		assertThat(connect("/ws?catalog=other", ALICE).awaitClose(Duration.ofSeconds(5)))
			.isEqualTo(new N6kClient.CloseInfo(4401, "unauthorized"));
		assertThat(output).contains("principal=alice catalog=other credential=header reason=catalog_not_allowed");
	}

	@Test
	void queryTokenOpensOnlyItsCatalogs(CapturedOutput output) {
		assertThat(connect("/ws?catalog=db&token=alice-token-1234").next().type()).isEqualTo(12);
		assertThat(connect("/ws?catalog=other&token=alice-token-1234").awaitClose(Duration.ofSeconds(5)).code())
			.isEqualTo(4401);
		assertThat(output).contains("principal=alice catalog=other credential=query reason=catalog_not_allowed");
	}

	@Test
	void helloTokenOpensOnlyItsCatalogs(CapturedOutput output) {
		N6kClient client = connect("/ws?catalog=other");
		client.hello(1, "other", "alice-token-1234");
		ReceivedFrame refused = client.next();
		assertThat(refused.type()).isEqualTo(13);
		assertThat(refused.string("exception_message")).isEqualTo("unauthorized");
		assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
		assertThat(output).contains("principal=alice catalog=other credential=hello reason=catalog_not_allowed");
	}

	@Test
	void eachMultiplexedHelloIsCheckedForItsCatalog() {
		N6kClient client = connect("/mux/ws");
		client.hello(1, "db", "alice-token-1234");
		assertThat(client.next().type()).isEqualTo(12);
		client.hello(2, "other", "alice-token-1234");
		ReceivedFrame refused = client.next();
		assertThat(refused.type()).isEqualTo(13);
		assertThat(refused.ns()).isEqualTo(2);
		assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
	}

	@Test
	void eachMultiplexedSessionOfATransportTokenIsCheckedForItsCatalog(CapturedOutput output) {
		N6kClient client = connect("/mux/ws", ALICE);
		client.hello(1, "db", null);
		assertThat(client.next().type()).isEqualTo(12);
		assertThat(client.call(1, 1, 2, Map.of(), new byte[0]).isError()).isFalse();
		client.hello(2, "other", null);
		ReceivedFrame refused = client.next();
		assertThat(refused.type()).isEqualTo(13);
		assertThat(refused.ns()).isEqualTo(2);
		assertThat(refused.string("exception_message")).isEqualTo("unauthorized");
		assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
		assertThat(output).contains("principal=alice catalog=other credential=header reason=catalog_not_allowed");
	}

	@Test
	void aTransportTokenForEveryCatalogOpensEveryMultiplexedSession() {
		N6kClient client = connect("/mux/ws?token=bob-token-5678");
		client.hello(1, "db", null);
		assertThat(client.next().type()).isEqualTo(12);
		client.hello(2, "other", null);
		assertThat(client.next().type()).isEqualTo(12);
	}

	@Test
	void aTransportTokenValidForNoCatalogIsRefusedAtUpgrade() {
		assertThat(connect("/mux/ws", Map.of("Authorization", "Bearer nope")).awaitClose(Duration.ofSeconds(5)))
			.isEqualTo(new N6kClient.CloseInfo(4401, "unauthorized"));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class MuxEndpoint {

		@Bean
		N6kEndpoint muxEndpoint(SessionFactory sessionFactory, TokenVerifier verifier) {
			return new N6kEndpoint("/mux/ws",
					(handshake) -> new ConnectionPlan(List.of("db", "other"), null, verifier, true), sessionFactory);
		}

	}

}
