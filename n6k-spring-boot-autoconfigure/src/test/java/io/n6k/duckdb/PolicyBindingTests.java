package io.n6k.duckdb;

import java.security.Principal;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.access.CatalogAccess;
import io.n6k.access.PolicyVerb;
import io.n6k.access.RowPolicyProvider;
import io.n6k.access.TablePolicy;
import io.n6k.backend.TableRef;
import io.n6k.protocol.N6kException;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Values reach DuckDB as bound variables of the request's own connection: quotes stay
 * data, two connections keep their own values, and only bindable types are accepted.
 */
class PolicyBindingTests {

	private static final TableRef MEMOS = new TableRef("main", "memos");

	@Test
	void valuesAreBoundPerConnectionAndQuotesStayData() throws Exception {
		try (DuckDbDatabase database = DuckDbDatabase.inMemory()) {
			database.execute("CREATE TABLE memos (id INTEGER, owner VARCHAR)",
					"INSERT INTO memos VALUES (1, 'alice'), (2, 'x'' OR ''1''=''1'), (3, 'bob')");
			CatalogAccess access = CatalogAccess.listed("memory", false,
					Map.of(MEMOS, new TablePolicy("owner = $who", null, null, null, null)), Map.of(),
					RowPolicyProvider.CONFIGURED, (principal) -> Map.of("who", principal.getName()));
			assertThat(ids(database, access, () -> "x' OR '1'='1")).containsExactly(2);
			assertThat(ids(database, access, () -> "alice")).containsExactly(1);
			assertThat(ids(database, access, () -> "nobody")).isEmpty();
			// two open connections, two principals: each keeps its own value
			PolicyBinding alice = new PolicyBinding(access.forPrincipal(() -> "alice"));
			PolicyBinding bob = new PolicyBinding(access.forPrincipal(() -> "bob"));
			String predicate = alice.predicate(MEMOS, PolicyVerb.SELECT);
			assertThat(bob.predicate(MEMOS, PolicyVerb.SELECT)).isEqualTo(predicate);
			try (DuckDBConnection first = database.connect(); DuckDBConnection second = database.connect()) {
				alice.apply(first);
				bob.apply(second);
				assertThat(ids(second, predicate)).containsExactly(3);
				assertThat(ids(first, predicate)).containsExactly(1);
			}
		}
	}

	@Test
	void theSqlNamesVariablesNotValues() {
		CatalogAccess access = CatalogAccess.listed("memory", false,
				Map.of(MEMOS, new TablePolicy("owner = $who OR $who = 'admin'", null, null, null, null)), Map.of(),
				RowPolicyProvider.CONFIGURED, (principal) -> Map.of("who", "it's me"));
		PolicyBinding binding = new PolicyBinding(access.forPrincipal(() -> "p"));
		assertThat(binding.predicate(MEMOS, PolicyVerb.SELECT))
			.isEqualTo("(owner = getvariable('n6k_p_who') OR getvariable('n6k_p_who') = 'admin')");
		assertThat(binding.values()).isEqualTo(Map.of("who", "it's me"));
	}

	@Test
	void valuesThatCannotBeBoundAreRefused() {
		CatalogAccess access = CatalogAccess.listed("memory", false,
				Map.of(MEMOS, new TablePolicy("owner IN $who", null, null, null, null)), Map.of(),
				RowPolicyProvider.CONFIGURED, (principal) -> Map.of("who", List.of("a", "b")));
		assertThatExceptionOfType(N6kException.class)
			.isThrownBy(() -> new PolicyBinding(access.forPrincipal(() -> "p")).predicate(MEMOS, PolicyVerb.SELECT))
			.withMessageContaining("policy parameter $who is a");
	}

	private static List<Integer> ids(DuckDbDatabase database, CatalogAccess access, Principal principal)
			throws Exception {
		PolicyBinding binding = new PolicyBinding(access.forPrincipal(principal));
		String predicate = binding.predicate(MEMOS, PolicyVerb.SELECT);
		try (DuckDBConnection connection = database.connect()) {
			binding.apply(connection);
			return ids(connection, predicate);
		}
	}

	private static List<Integer> ids(DuckDBConnection connection, String predicate) throws Exception {
		List<Integer> ids = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT id FROM memos WHERE " + predicate + " ORDER BY id")) {
			while (rs.next()) {
				ids.add(rs.getInt(1));
			}
		}
		return ids;
	}

}
