package io.n6k.duckdb;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.n6k.access.CatalogAccess;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SqlGuard}'s recent verdicts on read-only client statements, so that a
 * statement sent again is not bound again. A verdict is reused only for the same guard,
 * the same grant set ({@link CatalogAccess}, by its own equality), the same default
 * catalog and exactly the same text, while the shape version it was checked at is current
 * and for at most {@link CatalogCaches#MAX_AGE_NANOS}.
 * <p>
 * Only statements that neither write nor change structure are kept: those are the ones
 * sent again and again, and a request's connection state cannot change their verdict
 * (clients cannot SET, USE, read variables or create temporary objects; the guard's
 * stand-ins for opaque functions are the same for every check). Refusals are never kept.
 * Least recently used verdicts leave first.
 *
 * @author n6k
 */
final class GuardVerdicts {

	/** Verdicts kept per DuckDB instance. */
	static final int DEFAULT_SIZE = 512;

	/** Longer statements are checked every time rather than held in memory. */
	static final int MAX_SQL_LENGTH = 8192;

	private final int size;

	private final Map<Key, Verdict> verdicts;

	GuardVerdicts(int size) {
		this.size = size;
		this.verdicts = new LinkedHashMap<>(16, 0.75f, true);
	}

	/**
	 * Return the kept verdict for a statement, if it is still valid.
	 * @param key the statement and what it was checked for
	 * @param version the current shape version
	 * @return the verdict, or {@code null} to check the statement
	 */
	SqlGuard.@Nullable Checked get(Key key, long version) {
		synchronized (this.verdicts) {
			Verdict verdict = this.verdicts.get(key);
			if (verdict == null) {
				return null;
			}
			if (verdict.version() != version
					|| System.nanoTime() - verdict.checkedAt() >= CatalogCaches.MAX_AGE_NANOS) {
				this.verdicts.remove(key);
				return null;
			}
			return verdict.checked();
		}
	}

	/**
	 * Keep a verdict when it may be reused.
	 * @param key the statement and what it was checked for
	 * @param version the shape version taken before the check's transaction began
	 * @param checkedAt {@link System#nanoTime()} taken before the check
	 * @param checked the verdict
	 * @return whether it was kept
	 */
	boolean put(Key key, long version, long checkedAt, SqlGuard.Checked checked) {
		if (!reusable(key, checked)) {
			return false;
		}
		synchronized (this.verdicts) {
			this.verdicts.put(key, new Verdict(version, checkedAt, checked));
			Iterator<Key> eldest = this.verdicts.keySet().iterator();
			while (this.verdicts.size() > this.size) {
				eldest.next();
				eldest.remove();
			}
		}
		return true;
	}

	/**
	 * Return the number of verdicts kept.
	 * @return the number
	 */
	int size() {
		synchronized (this.verdicts) {
			return this.verdicts.size();
		}
	}

	private static boolean reusable(Key key, SqlGuard.Checked checked) {
		return !checked.writes() && !checked.ddl() && checked.keyedWrites().isEmpty()
				&& checked.policiedTables().isEmpty() && key.sql().length() <= MAX_SQL_LENGTH;
	}

	/**
	 * What a verdict was reached for.
	 *
	 * @param guard the guard that checked it
	 * @param visibility the grant set and row policies it was checked against
	 * ({@link CatalogAccess#visibilityKey()})
	 * @param servedCatalogDefault whether unqualified names resolved in the served
	 * catalog ({@code USE}) rather than in the instance's default
	 * @param sql the exact statement text
	 */
	record Key(SqlGuard guard, Object visibility, boolean servedCatalogDefault, String sql) {
	}

	private record Verdict(long version, long checkedAt, SqlGuard.Checked checked) {
	}

}
