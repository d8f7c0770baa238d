package io.n6k.access;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.n6k.client.ArrowIpc;
import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RPC calls of SQL macros that read a table with row policies, over real sockets: the
 * macro runs with the policies applied behind the barrier, and what cannot be rewritten
 * with certainty is refused. Fixture ({@code row-policy-rpc.sql} plus
 * {@link #fixture()}): {@code orders} holds two acme rows with numeric secrets, two
 * globex rows and one o'hara row whose secrets are not numbers. After every test the
 * table's full contents are unchanged.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.shop.path=:memory:",
				"n6k.catalogs.shop.policies[main.orders].select=tenant = $tenant",
				"n6k.catalogs.shop.permissions[main.products]=read", "n6k.auth.tokens.acme.value=acme-token-0001",
				"n6k.auth.tokens.acme.attributes.tenant=acme", "n6k.auth.tokens.globex.value=globex-token-0002",
				"n6k.auth.tokens.globex.attributes.tenant=globex", "n6k.auth.tokens.ohara.value=ohara-token-0003",
				"n6k.auth.tokens.ohara.attributes.tenant=o'hara", "n6k.duckdb.init-sql=classpath:row-policy-rpc.sql" })
class RowPolicyRpcTests extends SocketTestSupport {

	static final List<String> ORDERS = List.of("1|acme|10|draft|101", "2|acme|20|paid|102",
			"3|globex|30|draft|globex-secret-3", "4|globex|40|paid|globex-secret-4", "5|o'hara|50|draft|ohara-5");

	@Autowired
	DuckDbDatabase database;

	long id;

	@BeforeEach
	void fixture() throws Exception {
		this.database.execute("DELETE FROM shop.main.orders",
				"INSERT INTO shop.main.orders VALUES (1, 'acme', 10, 'draft', '101'), (2, 'acme', 20, 'paid', '102'), "
						+ "(3, 'globex', 30, 'draft', 'globex-secret-3'), (4, 'globex', 40, 'paid', 'globex-secret-4'), "
						+ "(5, 'o''hara', 50, 'draft', 'ohara-5')");
	}

	@AfterEach
	void contentsAreUnchanged() throws Exception {
		assertThat(
				this.database.query("SELECT * FROM shop.main.orders ORDER BY id").stream().map(RowPolicyRpcTests::join))
			.containsExactlyElementsOf(ORDERS);
	}

	@Test
	void aTableMacroReturnsExactlyTheVisibleRowsOfEachPrincipal() {
		assertThat(rows(rpc("acme", "all_orders"))).containsExactly("1|acme|10|draft|101", "2|acme|20|paid|102");
		assertThat(rows(rpc("globex", "all_orders"))).containsExactly("3|globex|30|draft|globex-secret-3",
				"4|globex|40|paid|globex-secret-4");
		assertThat(rows(rpc("ohara", "all_orders"))).containsExactly("5|o'hara|50|draft|ohara-5");
	}

	@Test
	void aScalarMacroWithASubqueryCountsOnlyVisibleRows() {
		assertThat(rows(rpc("acme", "order_count"))).containsExactly("2");
		assertThat(rows(rpc("ohara", "order_count"))).containsExactly("1");
		assertThat(rows(rpc("acme", "amount_total", "draft"))).containsExactly("10");
		assertThat(rows(rpc("globex", "amount_total", "draft"))).containsExactly("30");
		assertThat(rows(rpc("globex", "amount_total", "void"))).containsExactly("null");
	}

	@Test
	void aScalarMacroWithoutPoliciedTablesRunsAsItIs() {
		assertThat(rows(rpc("acme", "product_count"))).containsExactly("5");
	}

	@Test
	void aCastInTheMacroBodyNeverRunsOnAHiddenRow() {
		assertThat(rows(rpc("acme", "numeric_secrets"))).containsExactly("1|101", "2|102");
		assertThat(rows(rpc("acme", "secret_sum"))).containsExactly("203");
		Response hidden = rpc("globex", "secret_sum");
		// globex's own rows are not numbers: the error shows one of them, never another
		// tenant's row
		assertThat(hidden.exceptionMessage())
			.matches("Could not convert string 'globex-secret-[34]' to INT32 when casting from source column secret");
	}

	@Test
	void joinsWithGrantedTablesAndCtesNamedLikeTheTableKeepTheirMeaning() {
		assertThat(rows(rpc("acme", "named"))).containsExactly("1|apple", "2|pear");
		assertThat(rows(rpc("globex", "named"))).containsExactly("3|plum", "4|fig");
		assertThat(rows(rpc("acme", "with_cte"))).containsExactly("1", "2", "42");
	}

	@Test
	void argumentValuesWithQuotesAreBoundAsValues() {
		assertThat(rows(rpc("ohara", "orders_of", "o'hara"))).containsExactly("5|o'hara");
		assertThat(rows(rpc("acme", "orders_of", "o'hara"))).isEmpty();
		assertThat(rows(rpc("acme", "orders_of", "x' OR '1'='1"))).isEmpty();
		assertThat(rows(rpc("globex", "orders_of", "acme"))).isEmpty();
		assertThat(rows(rpc("acme", "orders_of", "acme"))).containsExactly("1|acme", "2|acme");
	}

	@Test
	void typedParametersKeepTheirTypes() {
		assertThat(rows(rpc("acme", "min_amount", 15))).containsExactly("2");
		assertThat(rows(rpc("globex", "min_amount", 15))).containsExactly("3", "4");
	}

	@Test
	void macrosThatReachThePolicyOtherThanByNamingTheTableAreRefused() {
		for (String function : List.of("nested", "nested_scalar", "via_view")) {
			expectRefused(rpc("acme", function),
					"n6k: RPC function \"" + function + "\" reads table \"main.orders\", which has row policies, "
							+ "other than by naming it in its own SQL macro body; it is refused");
		}
		expectRefused(rpc("acme", "query_table", "shop.main.orders"),
				"n6k: RPC function \"query_table\" reads table \"main.orders\", which has row policies, "
						+ "other than by naming it in its own SQL macro body; it is refused");
	}

	@Test
	void overloadsThatCannotBeToldApartAreRefused() {
		expectRefused(rpc("acme", "echo", "x"), "n6k: RPC function \"echo\" reads tables with row policies and its "
				+ "overload for 1 argument(s) cannot be determined with certainty; it is refused");
		assertThat(rows(rpc("acme", "echo", "x", "y"))).containsExactly("x|y|2");
	}

	@Test
	void pushedRowsJoinOnlyTheVisibleRows() throws Exception {
		N6kClient client = client("acme");
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot.create(
						new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(32, true)), null))),
						allocator)) {
			root.allocateNew();
			((IntVector) root.getVector(0)).setSafe(0, 1);
			((IntVector) root.getVector(0)).setSafe(1, 3);
			root.setRowCount(2);
			Response response = client.call(++this.id, 0, 9, Map.of("function", "pushed", "args", List.of()),
					ArrowIpc.stream(root));
			assertThat(rows(response)).containsExactly("1|acme", "3|null");
		}
	}

	private N6kClient client(String who) {
		N6kClient client = connect("/ws?catalog=shop",
				Map.of("Authorization", "Bearer " + who + "-token-" + switch (who) {
					case "acme" -> "0001";
					case "globex" -> "0002";
					default -> "0003";
				}));
		assertThat(client.next().type()).as("HELLO_ACK").isEqualTo(12);
		return client;
	}

	private Response rpc(String who, String function, Object... args) {
		return client(who).call(++this.id, 8, Map.of("function", function, "args", List.of(args)));
	}

	private static List<String> rows(Response response) {
		assertThat(response.isError()).as(response.exceptionType() + ": " + response.exceptionMessage()).isFalse();
		return response.arrow().rows().stream().map(RowPolicyRpcTests::join).toList();
	}

	private static void expectRefused(Response response, String message) {
		assertThat(response.isError()).as("refused: " + response.terminal()).isTrue();
		assertThat(response.exceptionType() + ": " + response.exceptionMessage())
			.isEqualTo("PermissionException: " + message);
		assertThat(response.frames()).as("no data before the refusal").hasSize(1);
	}

	private static String join(List<@Nullable Object> row) {
		return String.join("|", row.stream().map((value) -> Objects.toString(value)).toList());
	}

}
