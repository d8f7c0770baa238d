package io.n6k.access;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.n6k.backend.TableRef;
import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's beans decide: a {@link PolicyParameters} bean maps principals to
 * their tenant, and a {@link RowPolicyProvider} bean gives the {@code admin} principal
 * every row and every verb.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.shop.path=:memory:", "n6k.duckdb.init-sql=classpath:policies.sql",
				"n6k.catalogs.shop.policies[main.orders].select=tenant_id = $tenant",
				"n6k.catalogs.shop.policies[main.products].select=true", "n6k.auth.tokens.alice.value=alice-token",
				"n6k.auth.tokens.bob.value=bob-token", "n6k.auth.tokens.admin.value=admin-token" })
@Import(RowPolicyBeansTests.Beans.class)
class RowPolicyBeansTests extends SocketTestSupport {

	long id;

	@Test
	void aPolicyParametersBeanSuppliesTheTenant() {
		assertThat(ids(as("alice"), "orders")).containsExactly(1, 2);
		assertThat(ids(as("bob"), "orders")).containsExactly(3, 4);
	}

	@Test
	void aRowPolicyProviderBeanGivesTheAdminEverything() {
		N6kClient admin = as("admin");
		assertThat(ids(admin, "orders")).containsExactly(1, 2, 3, 4, 5);
		Response tables = admin.call(++this.id, 2, Map.of());
		assertThat(tables.frames().get(0).get("tables")).isEqualTo(List.of(
				Map.of("schema", "main", "name", "orders", "writable", true, "editable", false, "primary_keys",
						List.of("id")),
				Map.of("schema", "main", "name", "products", "writable", true, "editable", false, "primary_keys",
						List.of())));
		// the admin's tables carry no row predicate, so raw SQL serves them as a grant
		// would
		assertThat(admin.call(++this.id, 7, Map.of("sql", "SELECT count(*) AS n FROM shop.main.orders")).arrow().rows())
			.containsExactly(List.of(5L));
		// alice's policy filters rows: raw SQL applies it (RowPolicyAttackTests)
		assertThat(as("alice").call(++this.id, 7, Map.of("sql", "SELECT count(*) AS n FROM shop.main.orders"))
			.arrow()
			.rows()).containsExactly(List.of(2L));
	}

	private N6kClient as(String principal) {
		N6kClient client = connect("/ws?catalog=shop&token=" + principal + "-token");
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

	@TestConfiguration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		PolicyParameters tenants() {
			Map<String, Integer> tenants = Map.of("alice", 1, "bob", 2);
			return (principal) -> tenants.containsKey(principal.getName())
					? Map.of("tenant", tenants.get(principal.getName())) : Map.of();
		}

		@Bean
		RowPolicyProvider adminSeesEverything() {
			return (catalog, principal, configured) -> {
				if (!isAdmin(principal)) {
					return configured;
				}
				Map<TableRef, TablePolicy> all = new LinkedHashMap<>();
				configured.keySet().forEach((table) -> all.put(table, TablePolicy.READWRITE));
				return all;
			};
		}

		private static boolean isAdmin(Principal principal) {
			return principal != null && principal.getName().equals("admin");
		}

	}

}
