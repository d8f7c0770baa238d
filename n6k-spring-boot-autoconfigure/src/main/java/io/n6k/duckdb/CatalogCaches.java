package io.n6k.duckdb;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * What one DuckDB instance's handlers keep in memory about its catalogs (a
 * {@link MetadataSnapshot} per catalog) and about client SQL ({@link GuardVerdicts}), and
 * the shape version that decides whether any of it may still be used.
 * <p>
 * The version changes before and after every change of shape the server makes or hears
 * of: the clients' own DDL, and the application's changes reported to the invalidation
 * service (explicitly, by automatic detection or from another instance). Changes nobody
 * reports (the application's own DDL on a shared instance, with no call to the
 * invalidation service) cannot be seen without reading DuckDB's catalog, which costs more
 * than the answers it would save, so nothing is used for longer than
 * {@link #MAX_AGE_NANOS} either.
 *
 * @author n6k
 */
final class CatalogCaches {

	/**
	 * How long a snapshot or verdict is used at most: a second, as for known functions.
	 */
	static final long MAX_AGE_NANOS = 1_000_000_000L;

	private final AtomicLong version = new AtomicLong();

	private final Map<String, Holder> snapshots = new ConcurrentHashMap<>();

	private final GuardVerdicts verdicts = new GuardVerdicts(GuardVerdicts.DEFAULT_SIZE);

	/**
	 * Return the current shape version.
	 * @return the version
	 */
	long version() {
		return this.version.get();
	}

	/**
	 * Record that the shape of the instance changes or has changed: everything read
	 * before is no longer used. Writers call it before they change a shape and again once
	 * the change is committed (or failed), so that nothing read in between is kept.
	 */
	void changed() {
		this.version.incrementAndGet();
	}

	/**
	 * Return the guard's verdicts on client SQL.
	 * @return the verdicts
	 */
	GuardVerdicts verdicts() {
		return this.verdicts;
	}

	/**
	 * Return a current snapshot of a catalog, reading one when there is none.
	 * @param database the instance
	 * @param catalog the catalog
	 * @return the snapshot
	 * @throws SQLException when the catalog cannot be read
	 */
	MetadataSnapshot snapshot(DuckDbDatabase database, String catalog) throws SQLException {
		return this.snapshots.computeIfAbsent(catalog, (name) -> new Holder()).get(database, catalog);
	}

	private boolean isCurrent(@Nullable MetadataSnapshot snapshot) {
		return snapshot != null && snapshot.version() == this.version.get()
				&& System.nanoTime() - snapshot.readAt() < MAX_AGE_NANOS;
	}

	/** One catalog's snapshot; one reader at a time, the others wait for its result. */
	private final class Holder {

		private volatile @Nullable MetadataSnapshot current;

		MetadataSnapshot get(DuckDbDatabase database, String catalog) throws SQLException {
			MetadataSnapshot snapshot = this.current;
			if (snapshot != null && isCurrent(snapshot)) {
				return snapshot;
			}
			synchronized (this) {
				snapshot = this.current;
				if (snapshot != null && isCurrent(snapshot)) {
					return snapshot;
				}
				// the version is taken before reading: a change committed meanwhile has
				// moved it on, so this snapshot is not used again
				snapshot = MetadataSnapshot.read(database, catalog, version());
				this.current = snapshot;
				return snapshot;
			}
		}

	}

}
