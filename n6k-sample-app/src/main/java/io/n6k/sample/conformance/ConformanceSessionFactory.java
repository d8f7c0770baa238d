package io.n6k.sample.conformance;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.n6k.access.CatalogAccess;
import io.n6k.access.Permission;
import io.n6k.duckdb.SqlGuard;
import io.n6k.backend.CatalogHandler;
import io.n6k.backend.ConnectionBackend;
import io.n6k.backend.Handshake;
import io.n6k.backend.RpcFunction;
import io.n6k.backend.SessionFactory;
import io.n6k.backend.TableRef;
import io.n6k.duckdb.DuckDbCatalogHandler;
import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.test.duckdb.N6kTestingFunctions;
import io.n6k.memory.InMemoryCatalog;

/**
 * Serves every conformance connection from a fresh in-memory DuckDB database seeded with
 * the fixtures (protocol §9.3), except the hook catalogs: {@code slowdb} (shared, slow,
 * not DuckDB) and {@code bridge_db} (grants). Nothing written on one connection is
 * visible on another.
 */
final class ConformanceSessionFactory implements SessionFactory {

	private final InMemoryCatalog slowdb = SlowCatalog.create();

	private final SqlGuard guard = new SqlGuard(SqlGuard.DEFAULT_TABLE_FUNCTIONS,
			Map.of("__n6k_stream_counter", N6kTestingFunctions.OPAQUE_COUNTER));

	private final Map<String, RpcFunction> rpcFunctions = new LinkedHashMap<>();

	ConformanceSessionFactory(List<RpcFunction> rpcFunctions) {
		rpcFunctions.forEach((function) -> this.rpcFunctions.put(function.name(), function));
	}

	@Override
	public ConnectionBackend connect(Handshake handshake) {
		boolean tuned = handshake.path().startsWith("/tuned/");
		Map<String, CatalogHandler> handlers = new LinkedHashMap<>();
		DuckDbDatabase database = null;
		try {
			for (String catalog : handshake.catalogs()) {
				if (!tuned && catalog.equals("slowdb")) {
					handlers.put(catalog, this.slowdb);
					continue;
				}
				if (database == null) {
					database = DuckDbDatabase.inMemory();
					N6kTestingFunctions.register(database);
				}
				CatalogAccess access;
				if (!tuned && catalog.equals("bridge_db")) {
					Fixtures.seedBridge(database);
					access = CatalogAccess.granted(catalog, false,
							Map.of(new TableRef("main", "items"), Permission.READWRITE,
									new TableRef("main", "readonly_items"), Permission.READ),
							Map.of(new TableRef("main", "items"), List.of("id")));
				}
				else {
					Fixtures.seed(database, catalog, tuned);
					access = CatalogAccess.whole(catalog, false);
				}
				handlers.put(catalog, new DuckDbCatalogHandler(database, access, this.guard, this.rpcFunctions));
			}
			if (database != null) {
				Fixtures.lockDown(database);
			}
			return new ConformanceBackend(database, handlers);
		}
		catch (SQLException ex) {
			if (database != null) {
				database.close();
			}
			throw new IllegalStateException("could not seed the fixture database: " + ex.getMessage(), ex);
		}
	}

}
