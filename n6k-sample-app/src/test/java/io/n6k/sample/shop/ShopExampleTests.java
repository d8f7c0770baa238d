package io.n6k.sample.shop;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.client.Response;
import io.n6k.sample.SampleApplication;
import io.n6k.test.N6kClients;
import io.n6k.test.N6kTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.n6k.test.N6kAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worked example as a newcomer would use it: a token, grants, live data written by
 * the application, and a push when the application changes the schema.
 */
@N6kTest(classes = SampleApplication.class)
class ShopExampleTests {

	@Autowired
	OrderService orders;

	@Autowired
	JdbcTemplate jdbc;

	private N6kClients clients;

	@BeforeEach
	void attach(N6kClients clients) {
		this.clients = clients;
	}

	private N6kClient connect(String catalog, String token) {
		return this.clients.connect("/ws?catalog=" + catalog,
				(token != null) ? Map.of("Authorization", "Bearer " + token) : Map.of());
	}

	@Test
	void clientsNeedTheToken() {
		assertThat(connect("shop", "wrong").awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(4401);
		N6kClient anonymous = connect("shop", null);
		assertThat(anonymous.poll((f) -> true, Duration.ofMillis(300))).isNull();
		assertThat(connect("shop", "demo-token").next().type()).isEqualTo(12);
	}

	@Test
	void grantsDecideWhatClientsSee() {
		N6kClient client = connect("shop", "demo-token");
		client.next();
		assertThat(client.call(1, 2, Map.of()).frames().get(0).get("tables")).isEqualTo(List.of(
				Map.of("schema", "main", "name", "customers", "writable", false, "editable", false, "primary_keys",
						List.of("id")),
				Map.of("schema", "main", "name", "orders", "writable", true, "editable", false, "primary_keys",
						List.of("id"))));
		assertThat(client.call(2, 4, Map.of("schema", "main", "table", "audit")).exceptionType())
			.isEqualTo("CatalogException");
		assertThat(client.call(3, 6, Map.of("sql", "DELETE FROM shop.main.customers"))).isError("PermissionException");
		assertThat(
				client
					.call(4, 13, Map.of("schema", "main", "table", "customers", "group_by", List.of("country"),
							"aggregates", List.of(Map.of("fn", "count"))))
					.arrow()
					.rows())
			.hasSize(4);
	}

	@Test
	void applicationWritesAreLiveAndSchemaChangesArePushed() {
		N6kClient client = connect("shop", "demo-token");
		client.next();
		client.hello(1, "shop", "demo-token");
		client.next();
		long id = this.orders.placeOrder(8, 42.5);
		Response order = client.call(1, 4, Map.of("schema", "main", "table", "orders", "columns",
				List.of("id", "customer_id", "amount"), "filters", List.of(List.of("id", "=", id))));
		assertThat(order.arrow().rows()).containsExactly(List.of(id, 8L, 42.5));
		assertThat(this.orders.startPromotion()).isTrue();
		ReceivedFrame push = client.take((f) -> f.type() == 8 && f.ns() == 1, N6kClient.TIMEOUT);
		assertThat(push.get("schemas")).isEqualTo(List.of("main"));
		assertThat(client.take((f) -> f.type() == 8 && f.ns() == 0, N6kClient.TIMEOUT).get("schemas"))
			.isEqualTo(List.of("main"));
		assertThat(client.call(2, 3, Map.of("schema", "main", "table", "orders")).arrow().columnNames())
			.contains("promotion");
		assertThat(this.orders.startPromotion()).as("nothing changed the second time").isFalse();
	}

	@Test
	void eachTenantSeesAndChangesOnlyItsOwnOrders() {
		N6kClient tenant1 = connect("shop", "demo-token");
		N6kClient tenant2 = connect("shop", "globex-token");
		tenant1.next();
		tenant2.next();
		Map<String, Object> countOrders = Map.of("schema", "main", "table", "orders", "aggregates",
				List.of(Map.of("fn", "count")));
		assertThat(tenant1.call(1, 13, countOrders).arrow().rows()).containsExactly(List.of(ordersOf(1)));
		assertThat(tenant2.call(1, 13, countOrders).arrow().rows()).containsExactly(List.of(ordersOf(2)));
		// odd order ids belong to tenant 1, even ones to tenant 2 (shop.sql)
		assertThat(tenant1.call(2, 6, Map.of("sql", "UPDATE shop.main.orders SET amount = amount + 1 WHERE id <= 10"))
			.terminal()
			.get("rowcount")).isEqualTo(5L);
		assertThat(tenant1.call(3, 6, Map.of("sql", "DELETE FROM shop.main.orders WHERE id = 2"))
			.terminal()
			.get("rowcount")).isEqualTo(0L);
		assertThat(tenant1.call(4, 6,
				Map.of("sql", "INSERT INTO shop.main.orders VALUES (5000, 3, 1.0, TIMESTAMP '2026-02-01', 2)")))
			.isError("PermissionException");
		assertThat(tenant1.call(5, 6, Map.of("sql", "UPDATE shop.main.orders SET tenant_id = 2 WHERE id = 1")))
			.isError("PermissionException");
		Response seen = tenant2.call(2, 7,
				Map.of("sql", "SELECT count(*), min(id % 2) FROM shop.main.orders WHERE id <= 10"));
		assertThat(seen.arrow().rows()).containsExactly(List.of(5L, 0L));
	}

	private long ordersOf(int tenant) {
		return this.jdbc.queryForObject("SELECT count(*) FROM shop.main.orders WHERE tenant_id = ?", Long.class,
				tenant);
	}

	@Test
	void aSecondCatalogComesFromANonDuckDbBackend() {
		N6kClient client = connect("jvm", "demo-token");
		assertThat(client.next().get("capabilities")).isEqualTo(List.of("aggregate_pushdown"));
		Response pools = client.call(1, 4, Map.of("schema", "main", "table", "memory_pools"));
		assertThat(pools.arrow().columnNames()).containsExactly("pool", "used_bytes");
		assertThat(pools.arrow().rows()).isNotEmpty();
	}

}
