package io.n6k.duckdb;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlStatementsTests {

	@Test
	void countsStatementsOutsideQuotesAndComments() {
		assertThat(SqlStatements.leadingWords("SELECT 1")).hasSize(1);
		assertThat(SqlStatements.leadingWords("SELECT 1;")).hasSize(1);
		assertThat(SqlStatements.leadingWords("SELECT 1; SELECT 2")).hasSize(2);
		assertThat(SqlStatements.leadingWords("SELECT ';' AS \";\" -- ;\n /* ; /* ; */ ; */")).hasSize(1);
		assertThat(SqlStatements.leadingWords("SELECT E'\\';' ; DROP TABLE x")).hasSize(2);
		assertThat(SqlStatements.leadingWords("SELECT $x$ ; $x$, $$;$$")).hasSize(1);
		assertThat(SqlStatements.leadingWords(" ; ;  -- nothing")).isEmpty();
	}

	@Test
	void readsLeadingKeywords() {
		assertThat(SqlStatements.leadingWords("/* c */ export database 'x'"))
			.containsExactly(List.of("EXPORT", "DATABASE", "'"));
		assertThat(SqlStatements.leadingWords("CREATE OR REPLACE PERSISTENT SECRET s").get(0)).contains("SECRET");
	}

}
