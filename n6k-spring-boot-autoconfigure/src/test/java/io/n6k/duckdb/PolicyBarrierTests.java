package io.n6k.duckdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.n6k.access.CatalogAccess;
import io.n6k.access.RowPolicyProvider;
import io.n6k.access.TablePolicy;
import io.n6k.backend.TableRef;
import io.n6k.protocol.N6kException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@link PolicyBarrier} on a real DuckDB: the select policy of {@code shop.main.t}
 * reads another table ({@code tenant IN (SELECT tenant FROM members)}), the shape where
 * DuckDB's optimizer, left alone, pushes a client's filter below the policy and evaluates
 * it on hidden rows.
 */
class PolicyBarrierTests {

	private static final String POLICY = "tenant IN (SELECT tenant FROM shop.main.members)";

	private Connection connection;

	@BeforeEach
	void createTables() throws SQLException {
		this.connection = DriverManager.getConnection("jdbc:duckdb:");
		execute("ATTACH ':memory:' AS shop");
		execute("USE shop");
		execute("CREATE TABLE t AS SELECT i AS id, CASE WHEN i % 10 = 0 THEN 1 ELSE 2 END AS tenant, "
				+ "CASE WHEN i % 10 = 0 OR i < 2500 THEN CAST(i AS VARCHAR) ELSE 'hidden-' || i END AS secret "
				+ "FROM range(3000) r(i)");
		// Many member tenants, so that no dynamic join filter happens to hide the
		// problem.
		execute("CREATE TABLE members AS SELECT 1 AS tenant UNION ALL SELECT range FROM range(3, 5000)");
		execute("CREATE VIEW v AS SELECT * FROM t");
	}

	@AfterEach
	void close() throws SQLException {
		this.connection.close();
	}

	@Test
	void withoutTheBarrierDuckDbEvaluatesTheClientFilterOnHiddenRows() {
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> count("SELECT count(*) FROM (SELECT * FROM t WHERE " + POLICY
					+ ") AS t WHERE CAST(secret AS INTEGER) >= 0"))
			.withMessageContaining("hidden-");
	}

	@Test
	void clientExpressionsOnlySeeVisibleRows() throws SQLException {
		PolicyBarrier barrier = barrier();
		for (String sql : List.of("SELECT count(*) FROM t WHERE CAST(secret AS INTEGER) >= 0",
				"SELECT count(*) FROM t WHERE CASE WHEN secret LIKE 'hidden%' THEN error('saw ' || secret) ELSE true END",
				"SELECT count(*) FROM (SELECT sum(CAST(secret AS INTEGER)) OVER (), * FROM main.t)",
				"SELECT count(*) FROM shop.main.t a JOIN t b ON CAST(a.secret AS INTEGER) = CAST(b.secret AS INTEGER)",
				"SELECT count(*) FROM members m WHERE EXISTS (SELECT 1 FROM t WHERE CAST(t.secret AS INTEGER) >= 0 AND t.tenant = m.tenant) OR m.tenant = 1 AND 300 = 300",
				"SELECT count(*) FROM (SELECT CAST(secret AS INTEGER) FROM t UNION ALL SELECT 0 WHERE false)")) {
			assertThat(count(barrier.rewrite(this.connection, sql))).as(sql)
				.isEqualTo(sql.contains("members m") ? 1 : 300);
		}
		barrier.release(this.connection);
	}

	@Test
	void aViewOverAPoliciedTableIsRefused() throws SQLException {
		PolicyBarrier barrier = barrier();
		assertThatExceptionOfType(N6kException.class)
			.isThrownBy(() -> barrier.rewrite(this.connection, "SELECT count(*) FROM v"))
			.withMessage("n6k: table \"main.t\" has row policies; it must be named directly, not read through a "
					+ "view, macro or query()");
		assertThatExceptionOfType(N6kException.class)
			.isThrownBy(() -> barrier.rewrite(this.connection, "SELECT count(*) FROM query_table('t')"))
			.withMessageContaining("must be named directly");
	}

	@Test
	void aCteWithTheTablesNameIsNotTheTable() throws SQLException {
		PolicyBarrier barrier = barrier();
		assertThat(count(barrier.rewrite(this.connection, "WITH t AS (SELECT 7 AS x) SELECT x FROM t"))).isEqualTo(7);
	}

	@Test
	void theRewrittenQueryReadsOnlyTheCopyOfVisibleRows() throws SQLException {
		PolicyBarrier barrier = barrier();
		String rewritten = barrier.rewrite(this.connection, "SELECT count(*) FROM t AS x JOIN shop.main.t ON true");
		assertThat(rewritten).isEqualTo(
				"SELECT count_star() FROM (temp.main.__n6k_v_0 AS x INNER JOIN temp.main.__n6k_v_0 AS t ON (true))");
		assertThat(count("SELECT count(*) FROM temp.main.__n6k_v_0")).isEqualTo(300);
		barrier.release(this.connection);
		assertThat(count("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'temp'")).isZero();
	}

	private PolicyBarrier barrier() {
		CatalogAccess access = CatalogAccess
			.listed("shop", false,
					Map.of(new TableRef("main", "t"), new TablePolicy(POLICY, null, null, null, null),
							new TableRef("main", "members"), TablePolicy.READ),
					Map.of(), RowPolicyProvider.CONFIGURED, null)
			.forPrincipal(null);
		return new PolicyBarrier(access, new PolicyBinding(access));
	}

	private void execute(String sql) throws SQLException {
		try (Statement statement = this.connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private long count(String sql) throws SQLException {
		try (Statement statement = this.connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
