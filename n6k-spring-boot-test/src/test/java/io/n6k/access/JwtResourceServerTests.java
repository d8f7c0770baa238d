package io.n6k.access;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.n6k.autoconfigure.security.JwtResourceServerSecurityConfiguration;
import io.n6k.client.N6kClient;
import io.n6k.support.SecuredTestApplication;
import io.n6k.support.SecurityTestConfiguration;
import io.n6k.support.SocketTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The "JWT resource server" recipe: the application's JWTs authenticate n6k clients on
 * every path (header, {@code ?token=}, HELLO) through a {@link TokenVerifier} that uses
 * the application's {@link JwtDecoder}; the {@code n6k_catalogs} claim limits catalogs.
 */
@SpringBootTest(classes = SecuredTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.permissions[main.items]=read",
				"n6k.catalogs.other.path=:memory:", "n6k.catalogs.other.permissions[main.items]=read",
				"n6k.duckdb.init-sql=classpath:security.sql", "n6k.handshake.timeout=1s" })
@Import({ JwtResourceServerSecurityConfiguration.class, SecurityTestConfiguration.class,
		JwtResourceServerTests.Keys.class })
@ExtendWith(OutputCaptureExtension.class)
class JwtResourceServerTests extends SocketTestSupport {

	static final SecretKey KEY = new SecretKeySpec(
			"an-hmac-key-of-at-least-256-bits-for-tests-only".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

	@BeforeEach
	void clearHandshakes() {
		SecurityTestConfiguration.handshakes.clear();
	}

	@Test
	void aJwtInTheHeaderOpensItsCatalog() {
		N6kClient client = connect("/ws?catalog=db", Map.of("Authorization", "Bearer " + jwt("dana", "db")));
		assertThat(client.next().type()).isEqualTo(12);
		assertThat(SecurityTestConfiguration.principals()).containsExactly("dana");
	}

	@Test
	void aJwtInTheQueryOrInAHelloOpensItsCatalogOnly(CapturedOutput output) {
		assertThat(connect("/ws?catalog=db&token=" + jwt("dana", "db")).next().type()).isEqualTo(12);
		assertThat(connect("/ws?catalog=other&token=" + jwt("dana", "db")).awaitClose(Duration.ofSeconds(5)).code())
			.isEqualTo(4401);
		N6kClient hello = connect("/ws?catalog=other");
		hello.hello(1, "other", jwt("erin", "db", "other"));
		assertThat(hello.next().type()).isEqualTo(12);
		assertThat(output).contains("principal=dana catalog=other credential=query reason=catalog_not_allowed");
	}

	@Test
	void aForgedJwtIsRefusedBeforeTheUpgrade() {
		String forged = jwt("dana", "db").replaceAll("\\.[^.]+$", ".AAAA");
		assertThatThrownBy(() -> connect("/ws?catalog=db", Map.of("Authorization", "Bearer " + forged)))
			.hasStackTraceContaining("401");
		assertThat(connect("/ws?catalog=db&token=" + forged).awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(4401);
	}

	@Test
	void withoutAJwtTheClientMustSendOneInItsHello() {
		N6kClient client = connect("/ws?catalog=db");
		assertThat(client.poll((f) -> true, Duration.ofMillis(300))).isNull();
		client.hello(0, null, jwt("dana", "db"));
		assertThat(client.next().type()).isEqualTo(12);
	}

	private static String jwt(String subject, String... catalogs) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(subject)
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(300))
			.claim("n6k_catalogs", List.of(catalogs))
			.build();
		return NimbusJwtEncoder.withSecretKey(KEY)
			.build()
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Keys {

		@Bean
		JwtDecoder jwtDecoder() {
			return NimbusJwtDecoder.withSecretKey(KEY).macAlgorithm(MacAlgorithm.HS256).build();
		}

	}

}
