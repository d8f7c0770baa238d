package io.n6k.duckdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metadata SQL through QUERY and EXEC is a view of the grant: each surface, asked of a
 * catalog served whole and of a catalog with grants, lists what the principal may see and
 * nothing else, not even in a count or an error.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.whole_db.path=:memory:", "n6k.catalogs.whole_db.access=all",
				"n6k.catalogs.granted_db.path=:memory:", "n6k.catalogs.granted_db.permissions[main.items]=read",
				"n6k.catalogs.granted_db.permissions[sales.orders]=readwrite",
				"n6k.catalogs.granted_db.permissions[main.payroll_names]=read",
				"n6k.duckdb.init-sql=classpath:introspection.sql" })
class IntrospectionTests extends SocketTestSupport {

	/** Names the granted catalog's principal must never see. */
	static final List<String> UNGRANTED = List.of("confidential_payroll", "vault", "hidden_ledger", "secret_margins",
			"server_private", "whole_db", "__n6k_meta", "99999");

	/** Names the whole catalog's principal must never see. */
	static final List<String> ELSEWHERE = List.of("granted_db", "confidential_payroll", "server_private", "__n6k_meta");

	@Autowired
	DuckDbDatabase database;

	N6kClient whole;

	N6kClient granted;

	long id;

	@BeforeEach
	void connect() {
		this.whole = open("whole_db");
		this.granted = open("granted_db");
	}

	@Test
	void informationSchemaSchemataListsVisibleSchemasOnly() {
		String sql = "SELECT catalog_name, schema_name FROM information_schema.schemata ORDER BY 2";
		assertThat(rows(this.whole, sql)).containsExactly(List.of("whole_db", "main"), List.of("whole_db", "sales"));
		assertThat(rows(this.granted, sql)).containsExactly(List.of("granted_db", "main"),
				List.of("granted_db", "sales"));
	}

	@Test
	void informationSchemaTablesListsGrantedTablesAndViews() {
		String sql = "SELECT table_catalog, table_schema, table_name, table_type FROM information_schema.tables "
				+ "ORDER BY 2, 3";
		assertThat(rows(this.whole, sql)).containsExactly(List.of("whole_db", "main", "item_names", "VIEW"),
				List.of("whole_db", "main", "items", "BASE TABLE"),
				List.of("whole_db", "sales", "orders", "BASE TABLE"));
		assertThat(rows(this.granted, sql)).containsExactly(List.of("granted_db", "main", "items", "BASE TABLE"),
				List.of("granted_db", "main", "payroll_names", "VIEW"),
				List.of("granted_db", "sales", "orders", "BASE TABLE"));
		assertThat(rows(this.granted, "SELECT count(*) FROM information_schema.tables")).containsExactly(List.of(3L));
	}

	@Test
	void informationSchemaColumnsFollowsTheGrant() {
		String sql = "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
				+ "ORDER BY table_schema, table_name, ordinal_position";
		List<List<Object>> items = List.of(List.of("items", "id", "INTEGER", "NO"),
				List.of("items", "name", "VARCHAR", "NO"));
		assertThat(rows(this.whole, sql)).containsSubsequence(items).hasSize(5);
		assertThat(rows(this.granted, sql)).containsExactly(items.get(0), items.get(1),
				List.of("payroll_names", "name", "VARCHAR", "YES"), List.of("payroll_names", "salary", "DOUBLE", "YES"),
				List.of("orders", "id", "INTEGER", "YES"), List.of("orders", "amount", "DECIMAL(10,2)", "YES"));
	}

	@Test
	void informationSchemaViewsShowsGrantedViewsWithoutTheirRealDefinition() {
		String sql = "SELECT table_catalog, table_name, view_definition FROM information_schema.views";
		assertThat(rows(this.whole, sql)).extracting((row) -> row.get(1)).containsExactly("item_names");
		List<List<@Nullable Object>> views = rows(this.granted, sql);
		assertThat(views).extracting((row) -> row.get(1)).containsExactly("payroll_names");
		assertThat(views.get(0).get(0)).isEqualTo("granted_db");
	}

	@Test
	void duckdbFunctionsListOnlyTheServedCatalog() {
		assertThat(rows(this.whole, "SELECT database_name, schema_name FROM duckdb_schemas() ORDER BY 2"))
			.containsExactly(List.of("whole_db", "main"), List.of("whole_db", "sales"));
		assertThat(rows(this.granted, "SELECT database_name, schema_name FROM duckdb_schemas() ORDER BY 2"))
			.containsExactly(List.of("granted_db", "main"), List.of("granted_db", "sales"));
		String tables = "SELECT database_name, schema_name, table_name, has_primary_key FROM duckdb_tables() ORDER BY 2, 3";
		assertThat(rows(this.whole, tables)).containsExactly(List.of("whole_db", "main", "items", true),
				List.of("whole_db", "sales", "orders", false));
		assertThat(rows(this.granted, tables)).containsExactly(List.of("granted_db", "main", "items", true),
				List.of("granted_db", "sales", "orders", false));
		String views = "SELECT database_name, view_name FROM duckdb_views() WHERE NOT internal";
		assertThat(rows(this.whole, views)).containsExactly(List.of("whole_db", "item_names"));
		assertThat(rows(this.granted, views)).containsExactly(List.of("granted_db", "payroll_names"));
		assertThat(rows(this.granted, "SELECT count(*) FROM duckdb_views()")).containsExactly(List.of(1L));
		String columns = "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE table_name = 'orders' "
				+ "ORDER BY column_index";
		List<List<Object>> orders = List.of(List.of("orders", "id", "INTEGER"),
				List.of("orders", "amount", "DECIMAL(10,2)"));
		assertThat(rows(this.whole, columns)).isEqualTo(orders);
		assertThat(rows(this.granted, columns)).isEqualTo(orders);
		assertThat(rows(this.granted, "SELECT count(*), count(DISTINCT table_name) FROM duckdb_columns()"))
			.containsExactly(List.of(6L, 3L));
		assertThat(rows(this.granted, "SELECT database_name FROM duckdb_databases()"))
			.containsExactly(List.of("granted_db"));
	}

	@Test
	void metadataViewsJoinAndFilterWithDuckDbSemantics() {
		String sql = "SELECT t.table_name, count(c.column_name) AS n FROM information_schema.tables t "
				+ "JOIN information_schema.columns c USING (table_schema, table_name) "
				+ "WHERE t.table_type = 'BASE TABLE' GROUP BY 1 ORDER BY 1";
		assertThat(rows(this.granted, sql)).containsExactly(List.of("items", 2L), List.of("orders", 2L));
		assertThat(rows(this.granted, "SELECT schema_name FROM information_schema.schemata WHERE catalog_name = "
				+ "'granted_db' ORDER BY 1"))
			.containsExactly(List.of("main"), List.of("sales"));
		assertThat(rows(this.granted,
				"SELECT schema_name FROM information_schema.schemata WHERE catalog_name = " + "'whole_db'"))
			.isEmpty();
	}

	@Test
	void showTablesAndShowAllTables() {
		assertThat(rows(this.whole, "SHOW TABLES")).containsExactly(List.of("item_names"), List.of("items"));
		assertThat(rows(this.granted, "SHOW TABLES")).containsExactly(List.of("items"), List.of("payroll_names"));
		String all = "SELECT database, schema, name FROM (SHOW ALL TABLES) ORDER BY 2, 3";
		assertThat(rows(this.whole, "SHOW ALL TABLES")).extracting((row) -> row.get(2))
			.containsExactlyInAnyOrder("item_names", "items", "orders");
		assertThat(rows(this.granted, "SHOW ALL TABLES"))
			.extracting((row) -> List.of(row.get(0), row.get(1), row.get(2)))
			.containsExactlyInAnyOrder(List.of("granted_db", "main", "items"),
					List.of("granted_db", "main", "payroll_names"), List.of("granted_db", "sales", "orders"));
		assertThat(answer(this.granted, all)).isNotNull();
	}

	@Test
	void describeShowsGrantedColumnsAndKeys() {
		List<List<Object>> items = List.of(List.of("id", "INTEGER", "NO", "PRI"), List.of("name", "VARCHAR", "NO"));
		for (N6kClient client : List.of(this.whole, this.granted)) {
			List<List<@Nullable Object>> described = rows(client, "DESCRIBE items");
			assertThat(described).hasSize(2);
			assertThat(described.get(0).subList(0, 4)).isEqualTo(items.get(0));
			assertThat(described.get(1).subList(0, 3)).isEqualTo(items.get(1));
			assertThat(rows(client, "DESCRIBE sales.orders")).extracting((row) -> row.get(0))
				.containsExactly("id", "amount");
		}
		Response missing = query(this.granted, "DESCRIBE confidential_payroll");
		assertThat(missing.exceptionType()).isEqualTo("CatalogException");
		assertThat(missing.exceptionMessage()).contains("Table with name confidential_payroll does not exist!");
		Response typo = query(this.granted, "DESCRIBE confidential_payrol");
		assertThat(typo.exceptionType()).isEqualTo("CatalogException");
		assertNeverShown(typo, UNGRANTED);
		assertThat(query(this.granted, "DESCRIBE vault.hidden_ledger").exceptionType()).isEqualTo("CatalogException");
	}

	@Test
	void summarizeReadsTheGrantedTableUnderTheGuard() {
		List<List<@Nullable Object>> whole = rows(this.whole,
				"SELECT column_name, count, null_percentage " + "FROM (SUMMARIZE items) ORDER BY column_name");
		assertThat(whole).extracting((row) -> row.subList(0, 2))
			.containsExactly(List.of("id", 3L), List.of("name", 3L));
		List<List<@Nullable Object>> summary = rows(this.granted, "SUMMARIZE items");
		assertThat(summary).extracting((row) -> row.get(0)).containsExactly("id", "name");
		assertThat(summary.get(0).get(2)).isEqualTo("1");
		assertThat(summary.get(0).get(3)).isEqualTo("2");
		// an ungranted table is answered exactly as one that does not exist
		Map<String, String> sameAs = Map.of("SUMMARIZE confidential_payroll", "SUMMARIZE no_such_table",
				"SUMMARIZE vault.hidden_ledger", "SUMMARIZE no_schema.no_such_table",
				"SUMMARIZE SELECT * FROM confidential_payroll", "SUMMARIZE SELECT * FROM no_such_table",
				"SELECT * FROM (SUMMARIZE confidential_payroll)", "SELECT * FROM (SUMMARIZE no_such_table)");
		sameAs.forEach((ungranted, missing) -> {
			Response refused = query(this.granted, ungranted);
			Response absent = query(this.granted, missing);
			assertThat(refused.exceptionType()).as(ungranted).isEqualTo("CatalogException");
			assertThat(refused.exceptionType()).isEqualTo(absent.exceptionType());
			// (DuckDB's "Did you mean" hint depends on the name's spelling, and can only
			// name what the mirror holds)
			assertThat(firstLine(refused).replace("confidential_payroll", "no_such_table")
				.replace("hidden_ledger", "no_such_table")
				.replace("vault", "no_schema")).isEqualTo(firstLine(absent));
			assertNeverShown(refused, List.of("99999", "__n6k_meta", "secret_margins", "whole_db"));
		});
		assertNeverShown(query(this.granted, "SUMMARIZE confidential_payrol"), UNGRANTED);
	}

	@Test
	void execAnswersMetadataWithItsFirstCell() {
		assertThat(exec(this.granted, "SELECT count(*) FROM information_schema.tables").terminal().get("rowcount"))
			.isEqualTo(3L);
		assertThat(exec(this.whole, "SELECT count(*) FROM duckdb_tables()").terminal().get("rowcount")).isEqualTo(2L);
		assertThat(exec(this.granted, "SELECT count(*) FROM duckdb_schemas()").terminal().get("rowcount"))
			.isEqualTo(2L);
	}

	@Test
	void noMetadataSurfaceEverNamesWhatIsNotGranted() {
		List<String> surfaces = List.of("SELECT * FROM information_schema.schemata",
				"SELECT * FROM information_schema.tables", "SELECT * FROM information_schema.columns",
				"SELECT * FROM information_schema.views", "SELECT * FROM information_schema.table_constraints",
				"SELECT * FROM information_schema.key_column_usage", "SELECT * FROM duckdb_schemas()",
				"SELECT * FROM duckdb_tables()", "SELECT * FROM duckdb_columns()", "SELECT * FROM duckdb_views()",
				"SELECT * FROM duckdb_databases()", "SELECT * FROM duckdb_constraints()", "SHOW TABLES",
				"SHOW ALL TABLES", "SHOW DATABASES", "DESCRIBE items", "SUMMARIZE items",
				"SELECT * FROM pg_catalog.pg_tables", "SELECT * FROM pg_catalog.pg_namespace");
		for (String sql : surfaces) {
			Response granted = query(this.granted, sql);
			assertThat(granted.isError()).as(sql + ": " + granted.exceptionMessage()).isFalse();
			assertNeverShown(granted, UNGRANTED);
			assertCatalogsAre(granted, "granted_db");
			Response whole = query(this.whole, sql);
			assertThat(whole.isError()).as(sql + ": " + whole.exceptionMessage()).isFalse();
			assertNeverShown(whole, ELSEWHERE);
			assertCatalogsAre(whole, "whole_db");
		}
	}

	@Test
	void mixingMetadataWithDataAndOtherSystemFunctionsStaysRefused() {
		for (String sql : List.of(
				"SELECT t.table_name, i.name FROM information_schema.tables t, granted_db.main.items i",
				"SELECT * FROM granted_db.main.items WHERE name IN (SELECT table_name FROM duckdb_tables())",
				"SELECT * FROM system.main.duckdb_tables()", "SELECT * FROM duckdb_settings()",
				"SELECT * FROM duckdb_functions()", "SELECT * FROM duckdb_tables(), read_csv('/etc/passwd')",
				"SELECT current_setting('threads') FROM duckdb_tables()",
				"CREATE TABLE granted_db.main.copy AS SELECT * FROM information_schema.tables")) {
			Response refused = query(this.granted, sql);
			assertThat(refused.isError()).as(sql).isTrue();
			assertThat(refused.exceptionType()).as(sql + ": " + refused.exceptionMessage())
				.isIn("PermissionException", "CatalogException", "IOException");
			assertNeverShown(refused, UNGRANTED);
		}
		assertThat(query(this.granted, "SELECT * FROM system.main.duckdb_tables()").exceptionMessage())
			.contains("table function \"duckdb_tables\" is not allowed");
	}

	@Test
	void theMirrorFollowsChangesOfTheCatalogShape() throws Exception {
		String sql = "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'fresh%' ORDER BY 1";
		assertThat(rows(this.whole, sql)).isEmpty();
		assertThat(exec(this.whole, "CREATE TABLE whole_db.main.fresh (x INTEGER)").isError()).isFalse();
		this.database.execute("CREATE TABLE granted_db.main.fresh_secret (x INTEGER)");
		try {
			assertThat(rows(this.whole, sql)).containsExactly(List.of("fresh"));
			assertThat(rows(this.whole, "DESCRIBE fresh")).extracting((row) -> row.get(0)).containsExactly("x");
			assertThat(rows(this.granted, sql)).isEmpty();
			assertThat(exec(this.whole, "DROP TABLE whole_db.main.fresh").isError()).isFalse();
			assertThat(rows(this.whole, sql)).isEmpty();
		}
		finally {
			this.database.execute("DROP TABLE IF EXISTS granted_db.main.fresh_secret",
					"DROP TABLE IF EXISTS whole_db.main.fresh");
		}
	}

	// ---------------------------------------------------------------- helpers

	private Response query(N6kClient client, String sql) {
		return client.call(++this.id, 7, Map.of("sql", sql));
	}

	private Response exec(N6kClient client, String sql) {
		return client.call(++this.id, 6, Map.of("sql", sql));
	}

	private @Nullable Object answer(N6kClient client, String sql) {
		Response response = query(client, sql);
		assertThat(response.isError()).as(sql + ": " + response.exceptionMessage()).isFalse();
		return response.arrow();
	}

	private List<List<@Nullable Object>> rows(N6kClient client, String sql) {
		Response response = query(client, sql);
		assertThat(response.isError()).as(sql + ": " + response.exceptionMessage()).isFalse();
		List<List<@Nullable Object>> rows = new ArrayList<>();
		for (List<@Nullable Object> row : response.arrow().rows()) {
			List<@Nullable Object> plain = new ArrayList<>();
			row.forEach((value) -> plain
				.add((value instanceof java.math.BigDecimal || value == null || value instanceof Long
						|| value instanceof Boolean || value instanceof String || value instanceof List) ? value
								: (value instanceof Integer i) ? (Object) i.longValue() : String.valueOf(value)));
			rows.add(plain);
		}
		return rows;
	}

	private static String firstLine(Response response) {
		return String.valueOf(response.exceptionMessage()).lines().findFirst().orElse("");
	}

	private static String text(Response response) {
		if (response.isError()) {
			return String.valueOf(response.exceptionMessage());
		}
		return response.arrow().columnNames() + " " + response.arrow().rows();
	}

	private static void assertNeverShown(Response response, List<String> names) {
		String text = text(response);
		for (String name : names) {
			assertThat(text).as("answer names " + name).doesNotContain(name);
		}
	}

	/** Every value of a column naming a catalog is the served name. */
	private static void assertCatalogsAre(Response response, String catalog) {
		if (response.isError()) {
			return;
		}
		List<String> names = response.arrow().columnNames();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			if (name.endsWith("catalog") || name.equals("database_name") || name.equals("database")
					|| name.equals("catalog_name")) {
				for (List<@Nullable Object> row : response.arrow().rows()) {
					assertThat(row.get(i)).as(name).isIn(catalog, null);
				}
			}
		}
		String text = text(response).replace("temporary", "");
		assertThat(text).doesNotContain("system").doesNotContain("memory").doesNotContain("temp");
	}

}
