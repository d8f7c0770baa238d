package io.n6k.access;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.n6k.autoconfigure.security.JwtResourceServerSecurityConfiguration;
import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.support.SecuredTestApplication;
import io.n6k.support.SocketTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
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

/**
 * A Spring Security JWT principal drives row policies: its {@code tenant} claim is
 * {@code $tenant} and its subject {@code $principal}, with no other configuration.
 */
@SpringBootTest(classes = SecuredTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.shop.path=:memory:", "n6k.duckdb.init-sql=classpath:policies.sql",
				"n6k.catalogs.shop.policies[main.orders].select=tenant_id = $tenant",
				"n6k.catalogs.shop.policies[main.memos].select=owner = $principal" })
@Import({ JwtResourceServerSecurityConfiguration.class, RowPolicyJwtTests.Keys.class })
class RowPolicyJwtTests extends SocketTestSupport {

	static final SecretKey KEY = new SecretKeySpec(
			"an-hmac-key-of-at-least-256-bits-for-tests-only".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

	long id;

	@Test
	void theTenantClaimChoosesTheRows() {
		assertThat(ids(bearer(jwt("dana", 1)), "orders")).containsExactly(1, 2);
		assertThat(ids(bearer(jwt("erin", 2)), "orders")).containsExactly(3, 4);
		assertThat(ids(bearer(jwt("alice", 3)), "memos")).containsExactly(1, 2);
	}

	@Test
	void aJwtWithoutTheClaimIsDenied() {
		N6kClient client = bearer(jwt("frank", null));
		Response response = client.call(++this.id, 4, Map.of("schema", "main", "table", "orders"));
		assertThat(response.exceptionType()).isEqualTo("PermissionException");
		assertThat(response.exceptionMessage())
			.isEqualTo("n6k: the select policy of main.orders needs $tenant, which principal \"frank\" does not have");
	}

	private N6kClient bearer(String token) {
		N6kClient client = connect("/ws?catalog=shop", Map.of("Authorization", "Bearer " + token));
		assertThat(client.next().type()).isEqualTo(12);
		return client;
	}

	private List<Integer> ids(N6kClient client, String table) {
		Response response = client.call(++this.id, 4,
				Map.of("schema", "main", "table", table, "columns", List.of("id")));
		assertThat(response.isError()).as(String.valueOf(response.exceptionMessage())).isFalse();
		List<Integer> ids = new ArrayList<>();
		response.arrow().rows().forEach((row) -> ids.add(((Number) row.get(0)).intValue()));
		ids.sort(null);
		return ids;
	}

	private static String jwt(String subject, Integer tenant) {
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.subject(subject)
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(300))
			.claim("n6k_catalogs", List.of("shop"));
		if (tenant != null) {
			claims.claim("tenant", tenant);
		}
		return NimbusJwtEncoder.withSecretKey(KEY)
			.build()
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
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
