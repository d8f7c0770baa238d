package io.n6k.duckdb;

import java.util.List;

import io.n6k.protocol.N6kException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link WriteStatement} splits a write into its clauses, and what it refuses.
 */
class WriteStatementTests {

	@Test
	void updateKeepsEachClauseAsWritten() {
		WriteStatement update = WriteStatement.parse("UPDATE db.main.orders AS o SET amount = (SELECT max(x) FROM t "
				+ "WHERE y = ','), note = 'a, FROM b' FROM products p WHERE p.id = o.id RETURNING o.id, amount;");
		assertThat(update.alias()).isEqualTo("o");
		assertThat(update.assignments()).containsExactly(
				new WriteStatement.Assignment("amount", "(SELECT max(x) FROM t WHERE y = ',')"),
				new WriteStatement.Assignment("note", "'a, FROM b'"));
		assertThat(update.from()).isEqualTo("products p");
		assertThat(update.where()).isEqualTo("p.id = o.id");
		assertThat(update.returning()).isEqualTo("o.id, amount");
	}

	@Test
	void theTargetsNameIsItsAliasWhenItHasNone() {
		assertThat(WriteStatement.parse("DELETE FROM \"db\".main.\"Orders\" WHERE id = 1").alias()).isEqualTo("Orders");
		assertThat(WriteStatement.parse("DELETE FROM orders x USING a WHERE x.id = a.id").from()).isEqualTo("a");
	}

	@Test
	void insertSeparatesColumnsSourceAndReturning() {
		WriteStatement insert = WriteStatement
			.parse("INSERT INTO orders (id, \"Tenant\") SELECT id, t FROM a JOIN b ON a.x = b.x WHERE a.y RETURNING *");
		assertThat(insert.columns()).isEqualTo(List.of("id", "Tenant"));
		assertThat(insert.source()).isEqualTo("SELECT id, t FROM a JOIN b ON a.x = b.x WHERE a.y");
		assertThat(insert.returning()).isEqualTo("*");
		assertThat(WriteStatement.parse("INSERT INTO orders (SELECT 1)").source()).isEqualTo("(SELECT 1)");
		assertThat(WriteStatement.parse("INSERT INTO orders DEFAULT VALUES").source()).isNull();
	}

	@Test
	void shapesThatAreNotAnalysedAreRefused() {
		for (String sql : List.of("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING",
				"INSERT OR REPLACE INTO t VALUES (1)", "INSERT INTO t BY NAME SELECT 1 AS a",
				"UPDATE t SET (a, b) = (1, 2)", "UPDATE t SET t.a = 1",
				"MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE", "DELETE FROM t WHERE (a", "TRUNCATE t")) {
			assertThatExceptionOfType(N6kException.class).as(sql)
				.isThrownBy(() -> WriteStatement.parse(sql))
				.withMessageContaining("refused rather than analysed");
		}
	}

}
