package io.n6k.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.client.ArrowIpc;
import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row policies per verb over real sockets (issue 12, structured paths): two principals
 * whose static tokens carry different {@code tenant} attributes each see and add only
 * their own rows; verbs without a policy are refused; parameter values are bound, never
 * spliced; raw SQL applies the policies ({@link RowPolicyAttackTests} attacks it).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.shop.path=:memory:", "n6k.duckdb.init-sql=classpath:policies.sql",
				"n6k.catalogs.shop.permissions[main.notes]=readwrite",
				"n6k.catalogs.shop.policies[main.orders].select=tenant_id = $tenant",
				"n6k.catalogs.shop.policies[main.orders].insert=tenant_id = $tenant AND amount >= 0",
				"n6k.catalogs.shop.policies[main.orders].update=tenant_id = $tenant",
				"n6k.catalogs.shop.policies[main.orders].delete=tenant_id = $tenant AND status = 'draft'",
				"n6k.catalogs.shop.policies[main.memos].select=lower(owner) = lower($principal) OR owner = $team",
				"n6k.catalogs.shop.policies[main.products].select=true",
				"n6k.catalogs.shop.policies[main.audit].insert=true", "n6k.auth.tokens.alice.value=alice-token",
				"n6k.auth.tokens.alice.attributes.tenant=1", "n6k.auth.tokens.alice.attributes.team=none",
				"n6k.auth.tokens.bob.value=bob-token", "n6k.auth.tokens.bob.attributes.tenant=2",
				"n6k.auth.tokens.bob.attributes.team=none", "n6k.auth.tokens.mallory.value=mallory-token",
				"n6k.auth.tokens.mallory.attributes.tenant=1 OR 1=1",
				"n6k.auth.tokens.mallory.attributes.team=x' OR '1'='1", "n6k.auth.tokens.carol.value=carol-token",
				"n6k.auth.tokens.carol.attributes.team=none" })
class RowPolicyTests extends SocketTestSupport {

	@Autowired
	DuckDbDatabase database;

	long id;

	@Test
	void eachPrincipalScansOnlyItsTenantsRows() {
		assertThat(ids(as("alice"), "orders", List.of())).containsExactly(1, 2);
		assertThat(ids(as("bob"), "orders", List.of())).containsExactly(3, 4);
		assertThat(ids(as("alice"), "orders", List.of(List.of("amount", ">", 0)))).containsExactly(1, 2);
		assertThat(ids(as("bob"), "orders",
				List.of(List.of("or", List.of(List.of("id", "=", 1), List.of("id", "=", 3), List.of("id", "=", 5))))))
			.containsExactly(3);
		Response projected = scan(as("alice"), "orders", List.of("amount"), List.of());
		assertThat(projected.arrow().rows()).containsExactly(List.of(10), List.of(20));
	}

	@Test
	void aggregatesAndCountsSeeOnlyVisibleRows() {
		N6kClient alice = as("alice");
		List<Object> totals = aggregate(alice, "orders", List.of(),
				List.of(Map.of("fn", "count"), Map.of("fn", "sum", "col", "amount")), List.of())
			.arrow()
			.rows()
			.get(0);
		assertThat(totals.stream().map((value) -> ((Number) value).longValue())).containsExactly(2L, 30L);
		Response grouped = aggregate(as("bob"), "orders", List.of("status"), List.of(Map.of("fn", "count")),
				List.of(List.of("amount", ">=", 0)));
		assertThat(grouped.arrow().rows()).containsExactlyInAnyOrder(List.of("draft", 1L), List.of("paid", 1L));
		assertThat(aggregate(as("bob"), "orders", List.of(), List.of(Map.of("fn", "max", "col", "amount")),
				List.of(List.of("tenant_id", "=", 3)))
			.arrow()
			.rows()).containsExactly(java.util.Arrays.asList((Object) null));
	}

	@Test
	void aClientFilterNeverRunsOnAHiddenRow() {
		// note = 3 casts the text column to integers: on bob's 'secret' it would fail and
		// show the hidden value; the policy is applied first (a CASE barrier)
		Response response = scan(as("alice"), "memos", List.of(), List.of(List.of("note", "=", 3)));
		assertThat(response.isError()).as(String.valueOf(response.exceptionMessage())).isFalse();
		assertThat(ids(response)).containsExactly(1);
		Response count = aggregate(as("alice"), "memos", List.of(), List.of(Map.of("fn", "count")),
				List.of(List.of("note", "in", List.of(3, 4))));
		assertThat(count.isError()).as(String.valueOf(count.exceptionMessage())).isFalse();
		assertThat(count.arrow().rows()).containsExactly(List.of(2L));
		// on its own visible rows the same cast fails as DuckDB would, naming only them
		Response bobs = scan(as("bob"), "memos", List.of(), List.of(List.of("note", "=", 3)));
		assertThat(bobs.exceptionType()).isEqualTo("ConversionException");
		assertThat(bobs.exceptionMessage()).contains("secret");
	}

	@Test
	void parameterValuesWithQuotesAreBoundNotSpliced() {
		// mallory's team is the text x' OR '1'='1: it matches only the memo owned by that
		// exact text
		assertThat(ids(as("mallory"), "memos", List.of())).containsExactly(4);
		// mallory's tenant is the text "1 OR 1=1", compared with an integer column
		Response orders = scan(as("mallory"), "orders", List.of(), List.of());
		assertThat(orders.isError()).isTrue();
		assertThat(orders.exceptionType()).isEqualTo("ConversionException");
		assertThat(orders.frames()).hasSize(1);
	}

	@Test
	void aMissingParameterDeniesInsteadOfReadingNull() {
		N6kClient carol = as("carol");
		expect(scan(carol, "orders", List.of(), List.of()), "PermissionException",
				"n6k: the select policy of main.orders needs $tenant, which principal \"carol\" does not have");
		expect(insert(carol, "orders", row(90, 1, 1, "draft")), "PermissionException", "needs $tenant");
		// a policy that needs only what carol has still works
		assertThat(ids(carol, "memos", List.of())).isEmpty();
	}

	@Test
	void insertOfAForeignTenantsRowFailsAndWritesNothing() throws Exception {
		long before = count("orders");
		expect(insert(as("alice"), "orders", row(10, 2, 1, "draft")), "PermissionException",
				"n6k: 1 row(s) violate the insert policy of table \"main.orders\"; nothing was inserted");
		expect(insert(as("alice"), "orders", row(11, 1, 1, "draft"), row(12, 2, 1, "draft")), "PermissionException",
				"nothing was inserted");
		expect(insert(as("alice"), "orders", row(13, 1, -5, "draft")), "PermissionException",
				"violate the insert policy");
		expect(insert(as("alice"), "orders", row(14, null, 1, "draft")), "PermissionException",
				"violate the insert policy");
		assertThat(count("orders")).isEqualTo(before);
		try {
			Response ok = insert(as("alice"), "orders", row(20, 1, 7, "draft"), row(21, 1, 8, "paid"));
			assertThat(ok.isError()).as(String.valueOf(ok.exceptionMessage())).isFalse();
			assertThat(ok.terminal().get("rowcount")).isEqualTo(2L);
			assertThat(count("orders")).isEqualTo(before + 2);
			assertThat(ids(as("alice"), "orders", List.of())).containsExactly(1, 2, 20, 21);
			assertThat(ids(as("bob"), "orders", List.of())).containsExactly(3, 4);
		}
		finally {
			this.database.execute("DELETE FROM shop.main.orders WHERE id IN (20, 21)");
		}
	}

	@Test
	void verbsWithoutAPolicyAreRefused() throws Exception {
		N6kClient alice = as("alice");
		expect(insert(alice, "products", row(9, 1, 1, "x")), "PermissionException",
				"table \"main.products\" is read-only (permission 'read')");
		expect(insert(alice, "memos", row(9, 1, 1, "x")), "PermissionException",
				"n6k: INSERT on table \"main.memos\" is not allowed (no insert policy)");
		expect(scan(alice, "audit", List.of(), List.of()), "PermissionException",
				"n6k: SELECT on table \"main.audit\" is not allowed (no select policy)");
		expect(aggregate(alice, "audit", List.of(), List.of(Map.of("fn", "count")), List.of()), "PermissionException",
				"no select policy");
		assertThat(count("products")).isEqualTo(2);
		// select: true behaves like read on every path, raw SQL included
		assertThat(ids(alice, "products", List.of())).containsExactly(1, 2);
		assertThat(query(alice, "SELECT count(*) AS n FROM shop.main.products").arrow().rows())
			.containsExactly(List.of(2L));
	}

	@Test
	void tablesListFlagsFollowTheVerbs() {
		Response tables = as("alice").call(++this.id, 2, Map.of());
		assertThat(tables.frames().get(0).get("tables")).isEqualTo(List.of(table("audit", true, List.of()),
				table("memos", false, List.of()), table("notes", true, List.of()), table("orders", true, List.of("id")),
				table("products", false, List.of())));
		assertThat(as("alice").call(++this.id, 3, Map.of("schema", "main", "table", "audit")).isError()).isFalse();
	}

	@Test
	void rawSqlOnAPoliciedTableAppliesItsPolicies() {
		N6kClient alice = as("alice");
		assertThat(query(alice, "SELECT id FROM shop.main.orders ORDER BY id").arrow().rows())
			.containsExactly(List.of(1), List.of(2));
		assertThat(query(alice, "SELECT count(*) FROM shop.main.orders").arrow().rows()).containsExactly(List.of(2L));
		assertThat(
				query(alice, "SELECT p.id FROM shop.main.products p JOIN shop.main.orders o ON o.id = p.id + 2").arrow()
					.rows())
			.isEmpty();
		assertThat(exec(alice, "DELETE FROM shop.main.orders WHERE id = 3").terminal().get("rowcount")).isEqualTo(0L);
		assertThat(exec(alice, "UPDATE shop.main.orders SET amount = 0 WHERE id = 4").terminal().get("rowcount"))
			.isEqualTo(0L);
		expect(query(alice, "SELECT * FROM shop.main.audit"), "PermissionException",
				"n6k: SELECT on table \"main.audit\" is not allowed (no select policy)");
		expect(alice.call(++this.id, 8, Map.of("function", "query_table", "args", List.of("shop.main.orders"))),
				"PermissionException", "n6k: RPC function \"query_table\" reads table \"main.orders\", which has row "
						+ "policies, other than by naming it in its own SQL macro body; it is refused");
		assertThat(ids(as("bob"), "orders", List.of())).containsExactly(3, 4);
	}

	@Test
	void clientsCanNeitherSetNorReadThePolicyVariables() {
		N6kClient alice = as("alice");
		expect(exec(alice, "SET VARIABLE n6k_p_tenant = 2"), "PermissionException", "n6k: SET is not allowed");
		expect(exec(alice, "RESET VARIABLE n6k_p_tenant"), "PermissionException", "n6k: RESET is not allowed");
		expect(query(alice, "SELECT getvariable('n6k_p_tenant') AS t"), "PermissionException",
				"function \"getvariable\" is not allowed");
		expect(query(alice, "SELECT * FROM duckdb_variables()"), "PermissionException",
				"table function \"duckdb_variables\" is not allowed");
		assertThat(ids(alice, "orders", List.of())).containsExactly(1, 2);
	}

	// ---------------------------------------------------------------- helpers

	private N6kClient as(String principal) {
		N6kClient client = connect("/ws?catalog=shop&token=" + principal + "-token");
		assertThat(client.next().type()).isEqualTo(12);
		return client;
	}

	private Response scan(N6kClient client, String table, List<String> columns, List<?> filters) {
		return client.call(++this.id, 4,
				Map.of("schema", "main", "table", table, "columns", columns, "filters", filters));
	}

	private Response aggregate(N6kClient client, String table, List<String> groupBy, List<?> aggregates,
			List<?> filters) {
		return client.call(++this.id, 13, Map.of("schema", "main", "table", table, "group_by", groupBy, "aggregates",
				aggregates, "filters", filters));
	}

	private Response query(N6kClient client, String sql) {
		return client.call(++this.id, 7, Map.of("sql", sql));
	}

	private Response exec(N6kClient client, String sql) {
		return client.call(++this.id, 6, Map.of("sql", sql));
	}

	private List<Integer> ids(N6kClient client, String table, List<?> filters) {
		Response response = scan(client, table, List.of("id"), filters);
		assertThat(response.isError()).as(String.valueOf(response.exceptionMessage())).isFalse();
		return ids(response);
	}

	private static List<Integer> ids(Response response) {
		List<Integer> ids = new ArrayList<>();
		response.arrow().rows().forEach((row) -> ids.add(((Number) row.get(0)).intValue()));
		ids.sort(null);
		return ids;
	}

	private long count(String table) throws Exception {
		return ((Number) this.database.query("SELECT count(*) FROM shop.main." + table).get(0).get(0)).longValue();
	}

	private static Map<String, Object> table(String name, boolean writable, List<String> keys) {
		return Map.of("schema", "main", "name", name, "writable", writable, "editable", false, "primary_keys", keys);
	}

	private static Object[] row(int id, Integer tenant, int amount, String status) {
		return new Object[] { id, tenant, amount, status };
	}

	private Response insert(N6kClient client, String table, Object[]... rows) {
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot
					.create(new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(32, true)), null),
							new Field("tenant_id", FieldType.nullable(new ArrowType.Int(32, true)), null),
							new Field("amount", FieldType.nullable(new ArrowType.Int(32, true)), null),
							new Field("status", FieldType.nullable(ArrowType.Utf8.INSTANCE), null))), allocator)) {
			root.allocateNew();
			for (int i = 0; i < rows.length; i++) {
				Object[] row = rows[i];
				((IntVector) root.getVector(0)).setSafe(i, (Integer) row[0]);
				if (row[1] == null) {
					((IntVector) root.getVector(1)).setNull(i);
				}
				else {
					((IntVector) root.getVector(1)).setSafe(i, (Integer) row[1]);
				}
				((IntVector) root.getVector(2)).setSafe(i, (Integer) row[2]);
				((VarCharVector) root.getVector(3)).setSafe(i, ((String) row[3]).getBytes());
			}
			root.setRowCount(rows.length);
			return client.call(++this.id, 0, 5, Map.of("schema", "main", "table", table), ArrowIpc.stream(root));
		}
	}

	private static void expect(Response response, String type, String message) {
		assertThat(response.isError()).as("refused: " + response.terminal()).isTrue();
		assertThat(response.exceptionType()).as(String.valueOf(response.exceptionMessage())).isEqualTo(type);
		assertThat(response.exceptionMessage()).contains(message);
		assertThat(response.frames()).as("no data before the refusal").hasSize(1);
	}

}
