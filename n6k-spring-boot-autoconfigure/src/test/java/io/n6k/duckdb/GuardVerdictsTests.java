package io.n6k.duckdb;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.n6k.access.CatalogAccess;
import io.n6k.access.Permission;
import io.n6k.backend.TableRef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which verdicts are kept, for what, and how many.
 */
class GuardVerdictsTests {

	private static final SqlGuard.Checked READ = new SqlGuard.Checked(false, false, "LOGICAL_PROJECTION", Set.of(),
			Set.of(), Set.of(), Set.of());

	private final SqlGuard guard = SqlGuard.standard();

	private final CatalogAccess access = CatalogAccess.whole("db", false);

	@Test
	void keepsAtMostItsSizeDroppingTheLeastRecentlyUsed() {
		GuardVerdicts verdicts = new GuardVerdicts(3);
		for (int i = 0; i < 3; i++) {
			assertThat(verdicts.put(key("SELECT " + i), 7, System.nanoTime(), READ)).isTrue();
		}
		assertThat(verdicts.get(key("SELECT 0"), 7)).isEqualTo(READ);
		verdicts.put(key("SELECT 3"), 7, System.nanoTime(), READ);
		assertThat(verdicts.size()).isEqualTo(3);
		assertThat(verdicts.get(key("SELECT 1"), 7)).as("least recently used").isNull();
		assertThat(verdicts.get(key("SELECT 0"), 7)).isEqualTo(READ);
		for (int i = 4; i < 100; i++) {
			verdicts.put(key("SELECT " + i), 7, System.nanoTime(), READ);
		}
		assertThat(verdicts.size()).isEqualTo(3);
	}

	@Test
	void theDefaultSizeBoundsTheCache() {
		GuardVerdicts verdicts = new GuardVerdicts(GuardVerdicts.DEFAULT_SIZE);
		for (int i = 0; i < GuardVerdicts.DEFAULT_SIZE * 3; i++) {
			verdicts.put(key("SELECT " + i), 1, System.nanoTime(), READ);
		}
		assertThat(verdicts.size()).isEqualTo(GuardVerdicts.DEFAULT_SIZE);
	}

	@Test
	void aVerdictIsNotUsedAtAnotherShapeVersionNorAfterTheMaximumAge() {
		GuardVerdicts verdicts = new GuardVerdicts(8);
		verdicts.put(key("SELECT 1"), 7, System.nanoTime(), READ);
		assertThat(verdicts.get(key("SELECT 1"), 8)).isNull();
		assertThat(verdicts.get(key("SELECT 1"), 7)).as("dropped once outdated").isNull();
		verdicts.put(key("SELECT 2"), 7, System.nanoTime() - CatalogCaches.MAX_AGE_NANOS, READ);
		assertThat(verdicts.get(key("SELECT 2"), 7)).isNull();
	}

	@Test
	void verdictsAreKeptPerGuardGrantSetDefaultCatalogAndExactText() {
		GuardVerdicts verdicts = new GuardVerdicts(8);
		verdicts.put(key("SELECT 1"), 1, System.nanoTime(), READ);
		CatalogAccess granted = CatalogAccess.granted("db", false, Map.of(new TableRef("main", "t"), Permission.READ),
				Map.of());
		assertThat(verdicts.get(new GuardVerdicts.Key(this.guard, granted, false, "SELECT 1"), 1)).isNull();
		assertThat(
				verdicts.get(new GuardVerdicts.Key(this.guard, CatalogAccess.whole("db", false), false, "SELECT 1"), 1))
			.as("another grant set object")
			.isNull();
		assertThat(verdicts.get(new GuardVerdicts.Key(SqlGuard.standard(), this.access, false, "SELECT 1"), 1))
			.isNull();
		assertThat(verdicts.get(new GuardVerdicts.Key(this.guard, this.access, true, "SELECT 1"), 1)).isNull();
		assertThat(verdicts.get(key("SELECT  1"), 1)).isNull();
		assertThat(verdicts.get(key("select 1"), 1)).isNull();
		assertThat(verdicts.get(key("SELECT 1"), 1)).isEqualTo(READ);
	}

	@Test
	void writesDdlAndLongStatementsAreNeverKept() {
		GuardVerdicts verdicts = new GuardVerdicts(8);
		assertThat(verdicts.put(key("INSERT INTO t VALUES (1)"), 1, System.nanoTime(),
				new SqlGuard.Checked(true, false, "LOGICAL_INSERT", Set.of(), Set.of(), Set.of(), Set.of())))
			.isFalse();
		assertThat(verdicts.put(key("CREATE TABLE x (a INTEGER)"), 1, System.nanoTime(),
				new SqlGuard.Checked(true, true, "LOGICAL_CREATE_TABLE", Set.of(), Set.of(), Set.of(), Set.of())))
			.isFalse();
		assertThat(verdicts.put(key("DELETE FROM t"), 1, System.nanoTime(), new SqlGuard.Checked(true, false,
				"LOGICAL_DELETE", Set.of(List.of("db", "main", "t")), Set.of(), Set.of(), Set.of())))
			.isFalse();
		assertThat(verdicts.put(key("SELECT '" + "x".repeat(GuardVerdicts.MAX_SQL_LENGTH) + "'"), 1, System.nanoTime(),
				READ))
			.isFalse();
		assertThat(verdicts.size()).isZero();
	}

	private GuardVerdicts.Key key(String sql) {
		return new GuardVerdicts.Key(this.guard, this.access, false, sql);
	}

}
