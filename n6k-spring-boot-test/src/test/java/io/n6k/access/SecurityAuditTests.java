package io.n6k.access;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.metrics.N6kMetrics;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9 finding 6: every refused authentication and every refused statement is logged
 * at INFO on {@code io.n6k.security} with connection, principal, catalog and reason,
 * never the token, and counted in {@code n6k.security.refusals} by kind and reason.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.permissions[main.items]=read",
				"n6k.catalogs.other.path=:memory:", "n6k.catalogs.other.permissions[main.items]=read",
				"n6k.duckdb.init-sql=classpath:security.sql", "n6k.auth.tokens.alice.value=alice-token-1234",
				"n6k.handshake.timeout=1s", "logging.level.io.n6k=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class SecurityAuditTests extends SocketTestSupport {

	static final String LINE = "INFO .* --- \\[.*\\] io\\.n6k\\.security +: ";

	@Autowired
	N6kMetrics metrics;

	SimpleMeterRegistry registry;

	@BeforeEach
	void bindMeters() {
		this.registry = new SimpleMeterRegistry();
		this.metrics.bindTo(this.registry);
	}

	@Test
	void refusedTokensAreLoggedAndCountedWithoutTheToken(CapturedOutput output) {
		double before = refusals("authentication", "token_rejected");
		connect("/ws?catalog=db", Map.of("Authorization", "Bearer header-secret-0001"))
			.awaitClose(Duration.ofSeconds(5));
		connect("/ws?catalog=db&token=query-secret-0002").awaitClose(Duration.ofSeconds(5));
		N6kClient hello = connect("/ws?catalog=db");
		hello.hello(0, null, "hello-secret-0003");
		assertThat(hello.next().type()).isEqualTo(13);
		hello.awaitClose(Duration.ofSeconds(5));
		assertThat(refusals("authentication", "token_rejected")).isEqualTo(before + 3);
		assertThat(output.getOut())
			.containsPattern(LINE + "n6k refused authentication: connection=\\S+ principal=- "
					+ "catalog=db credential=header reason=token_rejected detail=\"unauthorized\"")
			.contains("catalog=db credential=query reason=token_rejected")
			.contains("catalog=db credential=hello reason=token_rejected");
		assertThat(output).doesNotContain("header-secret-0001")
			.doesNotContain("query-secret-0002")
			.doesNotContain("hello-secret-0003");
	}

	@Test
	void aMissingHelloIsLoggedAndCounted(CapturedOutput output) {
		double before = refusals("authentication", "missing_credentials");
		N6kClient client = connect("/ws?catalog=db");
		assertThat(client.next(Duration.ofSeconds(5)).type()).isEqualTo(13);
		assertThat(refusals("authentication", "missing_credentials")).isEqualTo(before + 1);
		assertThat(output).contains("principal=- catalog=db credential=none reason=missing_credentials");
	}

	@Test
	void refusedStatementsAreLoggedAndCountedAndOtherErrorsAreNot(CapturedOutput output) {
		N6kClient client = connect("/ws?catalog=db", Map.of("Authorization", "Bearer alice-token-1234"));
		assertThat(client.next().type()).isEqualTo(12);
		double notGranted = refusals("statement", "not_granted");
		double notPermitted = refusals("statement", "not_permitted");
		expect(client.call(1, 7, Map.of("sql", "SELECT * FROM db.main.secret")), "CatalogException");
		expect(client.call(2, 4, Map.of("schema", "main", "table", "secret")), "CatalogException");
		expect(client.call(3, 6, Map.of("sql", "INSERT INTO db.main.items VALUES (2, 'x')")), "PermissionException");
		expect(client.call(4, 6, Map.of("sql", "COPY db.main.items TO '/tmp/n6k-audit.csv'")), "PermissionException");
		expect(client.call(5, 7, Map.of("sql", "SELEC 1")), "ParserException");
		assertThat(client.call(6, 4, Map.of("schema", "main", "table", "items")).isError()).isFalse();
		assertThat(refusals("statement", "not_granted")).isEqualTo(notGranted + 2);
		assertThat(refusals("statement", "not_permitted")).isEqualTo(notPermitted + 2);
		assertThat(output.getOut())
			.containsPattern(LINE + "n6k refused statement: connection=\\S+ principal=alice "
					+ "catalog=db ns=0 id=1 op=QUERY reason=not_granted error=CatalogException "
					+ "\"Table with name secret does not exist!\"")
			.contains("principal=alice catalog=db ns=0 id=2 op=SCAN reason=not_granted")
			.contains("principal=alice catalog=db ns=0 id=3 op=EXEC reason=not_permitted error=PermissionException")
			.contains("principal=alice catalog=db ns=0 id=4 op=EXEC reason=not_permitted")
			.doesNotContain("id=5 op=QUERY reason")
			.doesNotContain("id=6 op=SCAN reason");
		assertThat(output).doesNotContain("alice-token-1234");
	}

	@Test
	void clientChosenTextCannotForgeAuditLines(CapturedOutput output) {
		N6kClient client = connect("/ws?catalog=db", Map.of("Authorization", "Bearer alice-token-1234"));
		assertThat(client.next().type()).isEqualTo(12);
		expect(client.call(1, 4, Map.of("schema", "main", "table", "x\nINFO forged line")), "CatalogException");
		assertThat(output).contains("Table with name x?INFO forged line does not exist!")
			.doesNotContain("\nINFO forged");
	}

	private double refusals(String kind, String reason) {
		return this.registry.get("n6k.security.refusals")
			.tag("kind", kind)
			.tag("reason", reason)
			.functionCounter()
			.count();
	}

	private static void expect(Response response, String type) {
		assertThat(response.isError()).isTrue();
		assertThat(response.exceptionType()).isEqualTo(type);
	}

}
