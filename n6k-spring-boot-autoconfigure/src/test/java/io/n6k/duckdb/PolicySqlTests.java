package io.n6k.duckdb;

import java.security.Principal;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.access.CatalogAccess;
import io.n6k.access.RowPolicyProvider;
import io.n6k.access.TablePolicy;
import io.n6k.backend.TableRef;
import io.n6k.protocol.N6kException;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link PolicySql} on a real DuckDB, below the protocol: the guard, the rewrite and the
 * writes with PostgreSQL's semantics (the socket-level attacker suite is
 * {@code io.n6k.access.RowPolicyAttackTests}).
 */
class PolicySqlTests {

	private static final TablePolicy ORDERS = new TablePolicy("tenant = $tenant", "tenant = $tenant",
			"tenant = $tenant", "tenant = $tenant AND amount >= 0", "tenant = $tenant AND status = 'draft'");

	private DuckDBConnection connection;

	private CatalogAccess view;

	@BeforeEach
	void createTables() throws SQLException {
		this.connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
		execute("ATTACH ':memory:' AS shop");
		execute("USE shop");
		execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, tenant INTEGER, amount INTEGER, status VARCHAR, "
				+ "secret VARCHAR)");
		execute("INSERT INTO orders VALUES (1, 1, 10, 'draft', '1'), (2, 1, 20, 'paid', '2'), "
				+ "(3, 2, 30, 'draft', 'hidden-three'), (4, 2, 40, 'paid', 'hidden-four')");
		execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR)");
		execute("INSERT INTO notes VALUES (1, 'n1'), (3, 'n3')");
		Principal alice = () -> "alice";
		this.view = CatalogAccess
			.listed("shop", false,
					Map.of(new TableRef("main", "orders"), ORDERS, new TableRef("main", "notes"),
							TablePolicy.READWRITE),
					Map.of(), RowPolicyProvider.CONFIGURED, (principal) -> Map.of("tenant", 1))
			.forPrincipal(alice);
	}

	@AfterEach
	void close() throws SQLException {
		this.connection.close();
	}

	@Test
	void readsSeeOnlyVisibleRowsAndClientExpressionsNeverSeeHiddenOnes() throws SQLException {
		assertThat(query("SELECT id FROM orders ORDER BY id")).isEqualTo(List.of(List.of(1), List.of(2)));
		assertThat(query("SELECT count(*) FROM orders WHERE CAST(secret AS INTEGER) > 0"))
			.isEqualTo(List.of(List.of(2L)));
		assertThat(query("SELECT n.id FROM notes n WHERE n.id NOT IN (SELECT id FROM shop.main.orders) ORDER BY 1"))
			.isEqualTo(List.of(List.of(3)));
	}

	@Test
	void updateTouchesOnlyVisibleRowsAndChecksNewVersions() throws SQLException {
		assertThat(exec("UPDATE shop.main.orders SET amount = amount + 1 WHERE true")).isEqualTo(2L);
		assertThat(all()).contains(List.of(1, 1, 11), List.of(2, 1, 21), List.of(3, 2, 30), List.of(4, 2, 40));
		assertThatExceptionOfType(N6kException.class)
			.isThrownBy(() -> exec("UPDATE shop.main.orders SET tenant = 2 WHERE id = 1"))
			.withMessage("n6k: new row violates row-level security policy for table \"orders\"");
	}

	@Test
	void deleteRemovesOnlyRowsPassingItsPolicy() throws SQLException {
		assertThat(exec("DELETE FROM orders")).isEqualTo(1L);
		assertThat(all()).extracting((row) -> row.get(0)).containsExactly(2, 3, 4);
	}

	@Test
	void insertChecksEveryRow() throws SQLException {
		assertThat(exec("INSERT INTO orders VALUES (5, 1, 50, 'draft', 'x')")).isEqualTo(1L);
		assertThatExceptionOfType(N6kException.class)
			.isThrownBy(() -> exec("INSERT INTO orders SELECT id + 10, 2, amount, status, secret FROM orders"))
			.withMessage("n6k: new row violates row-level security policy for table \"orders\"");
	}

	@Test
	void returningShowsVisibleRows() throws SQLException {
		String sql = queryText("UPDATE orders SET amount = 0 WHERE id = 2 RETURNING id, amount");
		assertThat(query(sql)).isEqualTo(List.of(List.of(2, 0)));
	}

	private Object exec(String sql) throws SQLException {
		this.connection.setAutoCommit(false);
		try {
			SqlGuard.Checked checked = SqlGuard.standard().check(this.connection, sql, this.view, false);
			Object result = new PolicySql(this.view).exec(this.connection, sql, checked);
			this.connection.commit();
			return result;
		}
		catch (SQLException | RuntimeException ex) {
			this.connection.rollback();
			throw ex;
		}
		finally {
			this.connection.setAutoCommit(true);
		}
	}

	private String queryText(String sql) throws SQLException {
		SqlGuard.Checked checked = SqlGuard.standard().check(this.connection, sql, this.view, false);
		return new PolicySql(this.view).query(this.connection, sql, checked);
	}

	private List<List<Object>> query(String sql) throws SQLException {
		String text = sql.startsWith("SELECT * FROM temp") ? sql : queryText(sql);
		List<List<Object>> rows = new ArrayList<>();
		try (Statement statement = this.connection.createStatement(); ResultSet rs = statement.executeQuery(text)) {
			while (rs.next()) {
				List<Object> row = new ArrayList<>();
				for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
					row.add(rs.getObject(i));
				}
				rows.add(row);
			}
		}
		return rows;
	}

	private List<List<Object>> all() throws SQLException {
		List<List<Object>> rows = new ArrayList<>();
		try (Statement statement = this.connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT id, tenant, amount FROM orders ORDER BY id")) {
			while (rs.next()) {
				rows.add(List.of(rs.getObject(1), rs.getObject(2), rs.getObject(3)));
			}
		}
		return rows;
	}

	private void execute(String sql) throws SQLException {
		try (Statement statement = this.connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
