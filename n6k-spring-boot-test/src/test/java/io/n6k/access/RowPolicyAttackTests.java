package io.n6k.access;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row policies against a hostile client over real sockets: every attempt either gets
 * exactly the rows its principal may see (PostgreSQL's answers) or an exact refusal, and
 * the tables' full contents, read straight from DuckDB, are exactly what they must be
 * afterwards. The principals are static tokens whose {@code tenant} attribute feeds
 * {@code $tenant}: {@code acme}, {@code o'hara} (a value with a quote) and one without a
 * tenant.
 * <p>
 * Fixture ({@code row-policies.sql} plus {@link #fixture()}): {@code orders} holds two
 * acme rows (numeric secrets), two globex rows and one o'hara row whose secrets are not
 * numbers, so {@code CAST(secret AS INTEGER)} fails on every hidden row.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.shop.path=:memory:",
				"n6k.catalogs.shop.policies[main.orders].select=tenant = $tenant",
				"n6k.catalogs.shop.policies[main.orders].insert=tenant = $tenant",
				"n6k.catalogs.shop.policies[main.orders].update.using=tenant = $tenant",
				"n6k.catalogs.shop.policies[main.orders].update.check=tenant = $tenant AND amount >= 0",
				"n6k.catalogs.shop.policies[main.orders].delete=tenant = $tenant AND status = 'draft'",
				"n6k.catalogs.shop.policies[main.locked].select=tenant = $tenant",
				"n6k.catalogs.shop.policies[main.shared_notes].select="
						+ "tenant_id IN (SELECT tenant_id FROM shop.main.memberships WHERE principal = $principal)",
				"n6k.catalogs.shop.permissions[main.products]=read",
				"n6k.catalogs.shop.permissions[main.audit]=readwrite", "n6k.auth.tokens.acme.value=acme-token-0001",
				"n6k.auth.tokens.acme.attributes.tenant=acme", "n6k.auth.tokens.ohara.value=ohara-token-0002",
				"n6k.auth.tokens.ohara.attributes.tenant=o'hara", "n6k.auth.tokens.nobody.value=nobody-token-0003",
				"n6k.duckdb.init-sql=classpath:row-policies.sql" })
class RowPolicyAttackTests extends SocketTestSupport {

	static final String REFUSED = "PermissionException";

	static final String VIOLATION = "n6k: new row violates row-level security policy for table \"orders\"";

	static final String NAMED_DIRECTLY = "n6k: table \"main.orders\" has row policies; it must be named directly, "
			+ "not read through a view, macro or query()";

	static final String NOT_ANALYSED = "n6k: with row policies, only INSERT INTO t [(columns)] VALUES/SELECT, "
			+ "UPDATE t SET c = e [FROM ...] [WHERE ...] and DELETE FROM t [USING ...] [WHERE ...], each with an "
			+ "optional RETURNING, are accepted; this statement is refused rather than analysed";

	static final Map<Integer, String> ORDERS = rows("1|acme|10|draft|101", "2|acme|20|paid|102",
			"3|globex|30|draft|globex-secret-3", "4|globex|40|paid|globex-secret-4", "5|o'hara|50|draft|ohara-5");

	static final Map<Integer, String> AUDIT = rows("1|seed");

	@Autowired
	DuckDbDatabase database;

	long id;

	@BeforeEach
	void fixture() throws Exception {
		this.database.execute("DELETE FROM shop.main.orders", "DELETE FROM shop.main.audit",
				"INSERT INTO shop.main.orders VALUES (1, 'acme', 10, 'draft', '101'), (2, 'acme', 20, 'paid', '102'), "
						+ "(3, 'globex', 30, 'draft', 'globex-secret-3'), (4, 'globex', 40, 'paid', 'globex-secret-4'), "
						+ "(5, 'o''hara', 50, 'draft', 'ohara-5')",
				"INSERT INTO shop.main.audit VALUES (1, 'seed')");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("attempts")
	void attempt(Attempt attempt) throws Exception {
		N6kClient client = connect("/ws?catalog=shop",
				Map.of("Authorization", "Bearer " + attempt.who + "-token-" + switch (attempt.who) {
					case "acme" -> "0001";
					case "ohara" -> "0002";
					default -> "0003";
				}));
		assertThat(client.next().type()).as("HELLO_ACK").isEqualTo(12);
		Response response = client.call(++this.id, attempt.op, attempt.args);
		if (attempt.errorType != null) {
			assertThat(response.isError()).as("refused: " + response.terminal()).isTrue();
			assertThat(response.exceptionType() + ": " + response.exceptionMessage())
				.isEqualTo(attempt.errorType + ": " + attempt.errorMessage);
		}
		else {
			assertThat(response.isError()).as(response.exceptionType() + ": " + response.exceptionMessage()).isFalse();
			if (attempt.rows != null) {
				assertThat(strings(response.arrow().rows())).isEqualTo(attempt.rows);
			}
			if (attempt.rowCount != null) {
				assertThat(response.terminal().get("rowcount")).isEqualTo(attempt.rowCount);
			}
		}
		assertThat(table("orders")).as("orders afterwards").isEqualTo(attempt.orders);
		assertThat(table("audit")).as("audit afterwards").isEqualTo(attempt.audit);
		assertThat(table("locked")).as("locked afterwards").isEqualTo(rows("1|acme|a", "2|globex|g"));
	}

	static Stream<Attempt> attempts() {
		return Stream.of(
				// ---------------------------------------------------------------- reads
				query("plain read", "SELECT id FROM shop.main.orders ORDER BY id", "1", "2"),
				query("count(*)", "SELECT count(*) FROM shop.main.orders", "2"),
				query("cast side channel in WHERE",
						"SELECT id FROM shop.main.orders WHERE CAST(secret AS INTEGER) > 0 ORDER BY 1", "1", "2"),
				query("error() side channel in WHERE",
						"SELECT id FROM shop.main.orders WHERE CASE WHEN secret LIKE 'globex%' THEN error('saw ' || secret) "
								+ "ELSE true END ORDER BY 1",
						"1", "2"),
				query("integer division side channel",
						"SELECT id FROM shop.main.orders WHERE 100 // (id - 3) <> 0 ORDER BY 1", "1", "2"),
				query("modulo side channel", "SELECT id FROM shop.main.orders WHERE 100 % (id - 4) >= 0 ORDER BY 1",
						"1", "2"),
				query("overflow side channel",
						"SELECT id FROM shop.main.orders WHERE amount * CASE WHEN tenant = 'globex' "
								+ "THEN 2147483647 ELSE 1 END > 0 ORDER BY 1",
						"1", "2"),
				query("cast side channel in SELECT list",
						"SELECT CAST(secret AS INTEGER) FROM shop.main.orders ORDER BY 1", "101", "102"),
				query("aggregates", "SELECT sum(amount), max(secret), count(DISTINCT tenant) FROM shop.main.orders",
						"30|102|1"),
				query("aggregate over a cast", "SELECT sum(CAST(secret AS INTEGER)) FROM shop.main.orders", "203"),
				query("aggregate FILTER clause",
						"SELECT count(*) FILTER (WHERE CAST(secret AS INTEGER) > 101) FROM shop.main.orders", "1"),
				query("GROUP BY and HAVING with a cast",
						"SELECT tenant, count(*) FROM shop.main.orders GROUP BY tenant HAVING max(CAST(secret AS INTEGER)) > 0",
						"acme|2"),
				query("window function", "SELECT id, sum(amount) OVER () FROM shop.main.orders ORDER BY id", "1|30",
						"2|30"),
				query("window over a cast",
						"SELECT id, max(CAST(secret AS INTEGER)) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) "
								+ "FROM shop.main.orders ORDER BY id",
						"1|101", "2|102"),
				query("QUALIFY", "SELECT id FROM shop.main.orders QUALIFY row_number() OVER (ORDER BY amount DESC) = 1",
						"2"),
				query("join with a granted table",
						"SELECT o.id, p.name FROM shop.main.orders o JOIN shop.main.products p ON p.id = o.id ORDER BY 1",
						"1|apple", "2|pear"),
				query("implicit self-join with casts",
						"SELECT count(*) FROM shop.main.orders a, shop.main.orders b "
								+ "WHERE CAST(a.secret AS INTEGER) <= CAST(b.secret AS INTEGER)",
						"3"),
				query("outer join exposes no hidden row",
						"SELECT p.id, o.tenant FROM shop.main.products p LEFT JOIN shop.main.orders o ON o.id = p.id + 2 ORDER BY 1",
						"1|null", "2|null"),
				query("EXISTS on hidden rows",
						"SELECT count(*) FROM shop.main.products p WHERE EXISTS (SELECT 1 FROM shop.main.orders o WHERE o.id = p.id + 2)",
						"0"),
				query("IN on hidden rows",
						"SELECT count(*) FROM shop.main.products WHERE id + 2 IN (SELECT id FROM shop.main.orders)",
						"0"),
				query("scalar subquery", "SELECT (SELECT max(amount) FROM shop.main.orders)", "20"),
				query("correlated subquery with an error",
						"SELECT p.id FROM shop.main.products p WHERE (SELECT count(*) FROM shop.main.orders o WHERE o.id > p.id "
								+ "AND CAST(o.secret AS INTEGER) > 0) >= 0 ORDER BY 1",
						"1", "2"),
				query("LATERAL join with a cast",
						"SELECT p.id, x.n FROM shop.main.products p, LATERAL (SELECT count(*) AS n FROM shop.main.orders o "
								+ "WHERE CAST(o.secret AS INTEGER) > 100 + p.id) x ORDER BY 1",
						"1|1", "2|0"),
				query("correlated subquery in the SELECT list",
						"SELECT p.id, (SELECT max(CAST(o.secret AS INTEGER)) FROM shop.main.orders o WHERE o.id >= p.id) "
								+ "FROM shop.main.products p ORDER BY 1",
						"1|102", "2|102"),
				refusedQuery("an error on a visible row is DuckDB's own",
						"SELECT CAST(status AS INTEGER) FROM shop.main.orders", "ConversionException",
						"Could not convert string 'draft' to INT32 when casting from source column status"),
				query("UNION",
						"SELECT secret FROM shop.main.orders UNION SELECT name FROM shop.main.products ORDER BY 1",
						"101", "102", "apple", "pear"),
				query("INTERSECT with a hidden value", "SELECT tenant FROM shop.main.orders INTERSECT SELECT 'globex'"),
				query("EXCEPT", "SELECT * FROM (VALUES (1), (3)) v(id) EXCEPT SELECT id FROM shop.main.orders", "3"),
				query("ORDER BY and LIMIT", "SELECT id FROM shop.main.orders ORDER BY amount DESC LIMIT 1", "2"),
				query("LIMIT with OFFSET", "SELECT id FROM shop.main.orders ORDER BY id LIMIT 5 OFFSET 1", "2"),
				query("CTE", "WITH x AS (SELECT * FROM shop.main.orders) SELECT count(*) FROM x", "2"),
				query("materialized CTE with a cast",
						"WITH x AS MATERIALIZED (SELECT * FROM shop.main.orders) "
								+ "SELECT count(*) FROM x WHERE CAST(secret AS INTEGER) > 0",
						"2"),
				query("a CTE named like the table is the CTE", "WITH orders AS (SELECT 42 AS id) SELECT id FROM orders",
						"42"),
				query("unnest of a list built from hidden rows",
						"SELECT count(*) FROM unnest((SELECT list(secret) FROM shop.main.orders))", "2"),
				query("cast side channel under a policy that reads another table",
						"SELECT count(*), sum(CAST(body AS INTEGER)) FROM shop.main.shared_notes "
								+ "WHERE CAST(body AS INTEGER) >= 0",
						"300|448500"),
				query("error() under a policy that reads another table",
						"SELECT count(*) FROM shop.main.shared_notes n JOIN shop.main.products p ON true "
								+ "WHERE CASE WHEN n.body LIKE 'hidden%' THEN error('saw ' || n.body) ELSE true END",
						"600"),
				refusedQuery("view over the table", "SELECT count(*) FROM shop.main.orders_view", REFUSED,
						NAMED_DIRECTLY),
				refusedQuery("table macro over the table", "SELECT count(*) FROM shop.main.all_orders()", REFUSED,
						NAMED_DIRECTLY),
				refusedQuery("query_table()", "SELECT count(*) FROM query_table('shop.main.orders')", REFUSED,
						NAMED_DIRECTLY),
				refusedQuery("query()", "SELECT count(*) FROM query('SELECT * FROM shop.main.orders')", REFUSED,
						NAMED_DIRECTLY),
				refusedQuery("reading the policy variable", "SELECT getvariable('n6k_p_tenant')", REFUSED,
						"n6k: function \"getvariable\" is not allowed"),
				refusedQuery("setting the policy variable", "SET VARIABLE n6k_p_tenant = 'globex'", REFUSED,
						"n6k: SET is not allowed"),
				refusedQuery("the rewrite's reserved names", "SELECT id AS __n6k_rowid FROM shop.main.orders", REFUSED,
						"n6k: names starting with __n6k are reserved"),
				refusedQuery("EXPLAIN", "EXPLAIN SELECT * FROM shop.main.orders", REFUSED,
						"n6k: EXPLAIN is not allowed"),
				refusedQuery("two statements", "SELECT 1; DELETE FROM shop.main.orders", REFUSED,
						"n6k: send exactly one SQL statement per request"),
				refusedQuery("COPY", "COPY shop.main.orders TO 'x.csv'", REFUSED, "n6k: COPY is not allowed"),
				// ---------------------------------------------------------------- verbs
				// without a policy
				refusedExec("UPDATE without an update policy", "UPDATE shop.main.locked SET v = 'x'", REFUSED,
						"n6k: UPDATE on table \"main.locked\" is not allowed (no update policy)"),
				refusedExec("DELETE without a delete policy", "DELETE FROM shop.main.locked", REFUSED,
						"n6k: DELETE on table \"main.locked\" is not allowed (no delete policy)"),
				refusedExec("INSERT without an insert policy", "INSERT INTO shop.main.locked VALUES (3, 'acme', 'z')",
						REFUSED, "n6k: INSERT on table \"main.locked\" is not allowed (no insert policy)"),
				// ---------------------------------------------------------------- UPDATE
				exec("UPDATE matches only visible rows", "UPDATE shop.main.orders SET amount = amount + 1", 2L)
					.orders(1, "1|acme|11|draft|101", 2, "2|acme|21|paid|102"),
				exec("UPDATE of a hidden row matches nothing", "UPDATE shop.main.orders SET amount = 0 WHERE id = 3",
						0L),
				exec("UPDATE with a cast evaluates it on visible rows only",
						"UPDATE shop.main.orders SET amount = CAST(secret AS INTEGER)", 2L)
					.orders(1, "1|acme|101|draft|101", 2, "2|acme|102|paid|102"),
				refusedExec("UPDATE that moves a row out of the visible set",
						"UPDATE shop.main.orders SET tenant = 'globex' WHERE id = 1", REFUSED, VIOLATION),
				refusedExec("UPDATE that fails the check", "UPDATE shop.main.orders SET amount = -5", REFUSED,
						VIOLATION),
				exec("UPDATE ... FROM a granted table",
						"UPDATE shop.main.orders SET amount = p.price FROM shop.main.products p WHERE p.id = orders.id",
						2L)
					.orders(1, "1|acme|3|draft|101", 2, "2|acme|4|paid|102"),
				exec("UPDATE ... FROM hidden rows",
						"UPDATE shop.main.audit SET note = o.secret FROM shop.main.orders o WHERE o.id = 3", 0L),
				exec("UPDATE of another table from visible rows",
						"UPDATE shop.main.audit SET note = (SELECT string_agg(secret, ',' ORDER BY secret) FROM shop.main.orders)",
						1L)
					.audit(1, "1|101,102"),
				// ---------------------------------------------------------------- DELETE
				exec("DELETE removes only rows passing its policy", "DELETE FROM shop.main.orders", 1L).orders(1, null),
				exec("DELETE of a hidden row removes nothing", "DELETE FROM shop.main.orders WHERE id = 3", 0L),
				exec("DELETE with a cast", "DELETE FROM shop.main.orders WHERE CAST(secret AS INTEGER) > 0", 1L)
					.orders(1, null),
				exec("DELETE ... USING hidden rows",
						"DELETE FROM shop.main.audit USING shop.main.orders o WHERE o.id = 3", 0L),
				exec("DELETE of another table where hidden rows would match",
						"DELETE FROM shop.main.audit WHERE id IN (SELECT id - 2 FROM shop.main.orders)", 0L),
				// ---------------------------------------------------------------- INSERT
				exec("INSERT of an own row", "INSERT INTO shop.main.orders VALUES (6, 'acme', 60, 'draft', 'x')", 1L)
					.orders(6, "6|acme|60|draft|x"),
				refusedExec("INSERT of another tenant's row",
						"INSERT INTO shop.main.orders VALUES (6, 'globex', 60, 'draft', 'x')", REFUSED, VIOLATION),
				refusedExec("INSERT of several rows, one bad: nothing is written",
						"INSERT INTO shop.main.orders VALUES (6, 'acme', 1, 'draft', 'x'), (7, 'globex', 1, 'draft', 'y')",
						REFUSED, VIOLATION),
				exec("INSERT ... SELECT copies visible rows only",
						"INSERT INTO shop.main.audit SELECT id + 100, secret FROM shop.main.orders", 2L)
					.audit(101, "101|101", 102, "102|102"),
				exec("INSERT ... SELECT into the policied table",
						"INSERT INTO shop.main.orders (id, tenant, amount, status, secret) "
								+ "SELECT id + 10, tenant, amount, status, secret FROM shop.main.orders",
						2L)
					.orders(11, "11|acme|10|draft|101", 12, "12|acme|20|paid|102"),
				refusedExec("INSERT ... SELECT that re-labels rows to another tenant",
						"INSERT INTO shop.main.orders SELECT id + 10, 'globex', amount, status, secret FROM shop.main.orders",
						REFUSED, VIOLATION),
				refusedExec("ON CONFLICT against a hidden row",
						"INSERT INTO shop.main.orders VALUES (3, 'acme', 1, 'draft', 'x') ON CONFLICT DO NOTHING",
						REFUSED, NOT_ANALYSED),
				refusedExec("ON CONFLICT DO UPDATE against a hidden row",
						"INSERT INTO shop.main.orders VALUES (3, 'acme', 1, 'draft', 'x') ON CONFLICT (id) DO UPDATE SET amount = 0",
						REFUSED, NOT_ANALYSED),
				refusedExec("INSERT OR REPLACE over a hidden row",
						"INSERT OR REPLACE INTO shop.main.orders VALUES (3, 'acme', 1, 'draft', 'x')", REFUSED,
						NOT_ANALYSED),
				refusedExec("MERGE",
						"MERGE INTO shop.main.orders USING (SELECT 3 AS id) s ON s.id = orders.id "
								+ "WHEN MATCHED THEN UPDATE SET amount = 0",
						REFUSED,
						"n6k: with row policies, MERGE statements that write are refused rather than "
								+ "analysed; use INSERT, UPDATE or DELETE"),
				refusedExec("TRUNCATE", "TRUNCATE shop.main.orders", REFUSED,
						"n6k: with row policies, TRUNCATE statements that write are refused rather than analysed; "
								+ "use INSERT, UPDATE or DELETE"),
				refusedExec("a write behind WITH", "WITH x AS (SELECT 1) DELETE FROM shop.main.orders", REFUSED,
						"n6k: with row policies, WITH statements that write are refused rather than analysed; "
								+ "use INSERT, UPDATE or DELETE"),
				// ----------------------------------------------------------------
				// RETURNING
				query("UPDATE ... RETURNING",
						"UPDATE shop.main.orders SET amount = 7 WHERE id = 1 RETURNING id, amount", "1|7")
					.orders(1, "1|acme|7|draft|101"),
				query("DELETE ... RETURNING", "DELETE FROM shop.main.orders RETURNING secret", "101").orders(1, null),
				query("INSERT ... RETURNING",
						"INSERT INTO shop.main.orders VALUES (6, 'acme', 60, 'draft', 'x') RETURNING *",
						"6|acme|60|draft|x")
					.orders(6, "6|acme|60|draft|x"),
				// ---------------------------------------------------------------- DDL
				refusedExec("CTAS from the table", "CREATE TABLE shop.main.stolen AS SELECT * FROM shop.main.orders",
						REFUSED, "n6k: CREATE TABLE is not allowed on catalog \"shop\": it serves granted tables only"),
				refusedExec("a view over the table", "CREATE VIEW shop.main.mine AS SELECT * FROM shop.main.orders",
						REFUSED, "n6k: CREATE VIEW is not allowed on catalog \"shop\": it serves granted tables only"),
				// ---------------------------------------------------------------- RPC
				op("RPC of a macro that reads the table", 8, Map.of("function", "all_orders", "args", List.of()),
						"1|acme|10|draft|101", "2|acme|20|paid|102"),
				new Attempt("RPC of query_table over the table", "acme", 8,
						Map.of("function", "query_table", "args", List.of("shop.main.orders")), REFUSED,
						"n6k: RPC function \"query_table\" reads table \"main.orders\", which has row policies, "
								+ "other than by naming it in its own SQL macro body; it is refused",
						null, null, ORDERS, AUDIT),
				// ----------------------------------------------------------------
				// structured
				// ops
				op("SCAN", 4, Map.of("schema", "main", "table", "orders"), "1|acme|10|draft|101", "2|acme|20|paid|102"),
				op("SCAN with a filter that casts every row", 4,
						Map.of("schema", "main", "table", "orders", "columns", List.of("id"), "filters",
								List.of(List.of("secret", "=", 101))),
						"1"),
				op("AGGREGATE count by tenant", 13,
						Map.of("schema", "main", "table", "orders", "group_by", List.of("tenant"), "aggregates",
								List.of(Map.of("fn", "count"))),
						"acme|2"),
				op("AGGREGATE with a filter that casts every row", 13,
						Map.of("schema", "main", "table", "orders", "group_by", List.of(), "aggregates",
								List.of(Map.of("fn", "sum", "col", "amount")), "filters",
								List.of(List.of("secret", "=", 101))),
						"10"),
				// ----------------------------------------------------------------
				// parameters
				query("a parameter value with a quote", "SELECT id, tenant FROM shop.main.orders", "5|o'hara")
					.who("ohara"),
				exec("a write with a quoted parameter value", "UPDATE shop.main.orders SET amount = 1", 1L).who("ohara")
					.orders(5, "5|o'hara|1|draft|ohara-5"),
				refusedQuery("a principal without the parameter", "SELECT count(*) FROM shop.main.orders", REFUSED,
						"n6k: the select policy of main.orders needs $tenant, which principal \"nobody\" does not have")
					.who("nobody"));
	}

	private Map<Integer, String> table(String name) throws Exception {
		Map<Integer, String> contents = new TreeMap<>();
		for (List<@Nullable Object> row : this.database.query("SELECT * FROM shop.main." + name + " ORDER BY 1")) {
			contents.put(((Number) row.get(0)).intValue(), join(row));
		}
		return contents;
	}

	private static List<String> strings(List<List<@Nullable Object>> rows) {
		return rows.stream().map(RowPolicyAttackTests::join).toList();
	}

	private static String join(List<@Nullable Object> row) {
		return String.join("|", row.stream().map(String::valueOf).toList());
	}

	static Map<Integer, String> rows(String... rows) {
		Map<Integer, String> map = new TreeMap<>();
		for (String row : rows) {
			map.put(Integer.parseInt(row.substring(0, row.indexOf('|'))), row);
		}
		return map;
	}

	static Attempt query(String name, String sql, String... rows) {
		return new Attempt(name, "acme", 7, Map.of("sql", sql), null, null, List.of(rows), null, ORDERS, AUDIT);
	}

	static Attempt op(String name, int op, Map<String, Object> args, String... rows) {
		return new Attempt(name, "acme", op, args, null, null, List.of(rows), null, ORDERS, AUDIT);
	}

	static Attempt exec(String name, String sql, long rowCount) {
		return new Attempt(name, "acme", 6, Map.of("sql", sql), null, null, null, rowCount, ORDERS, AUDIT);
	}

	static Attempt refusedQuery(String name, String sql, String type, String message) {
		return new Attempt(name, "acme", 7, Map.of("sql", sql), type, message, null, null, ORDERS, AUDIT);
	}

	static Attempt refusedExec(String name, String sql, String type, String message) {
		return new Attempt(name, "acme", 6, Map.of("sql", sql), type, message, null, null, ORDERS, AUDIT);
	}

	/**
	 * One attempt and what must come of it.
	 */
	record Attempt(String name, String who, int op, Map<String, Object> args, @Nullable String errorType,
			@Nullable String errorMessage, @Nullable List<String> rows, @Nullable Long rowCount,
			Map<Integer, String> orders, Map<Integer, String> audit) {

		Attempt who(String principal) {
			return new Attempt(this.name, principal, this.op, this.args, this.errorType, this.errorMessage, this.rows,
					this.rowCount, this.orders, this.audit);
		}

		/** Expect these rows of orders changed (by id; {@code null} removes). */
		Attempt orders(Object... changes) {
			return new Attempt(this.name, this.who, this.op, this.args, this.errorType, this.errorMessage, this.rows,
					this.rowCount, changed(this.orders, changes), this.audit);
		}

		Attempt audit(Object... changes) {
			return new Attempt(this.name, this.who, this.op, this.args, this.errorType, this.errorMessage, this.rows,
					this.rowCount, this.orders, changed(this.audit, changes));
		}

		private static Map<Integer, String> changed(Map<Integer, String> base, Object... changes) {
			Map<Integer, String> result = new TreeMap<>(base);
			for (int i = 0; i < changes.length; i += 2) {
				if (changes[i + 1] == null) {
					result.remove((Integer) changes[i]);
				}
				else {
					result.put((Integer) changes[i], (String) changes[i + 1]);
				}
			}
			return result;
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
