package io.n6k.duckdb;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.access.CatalogAccess;
import io.n6k.access.Permission;
import io.n6k.access.RowPolicyProvider;
import io.n6k.access.TablePolicy;
import io.n6k.backend.AlterAction;
import io.n6k.backend.BatchSource;
import io.n6k.backend.ColumnDefinition;
import io.n6k.backend.Filters;
import io.n6k.backend.RequestContext;
import io.n6k.backend.TestRequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;
import io.n6k.backend.TableRef;
import io.n6k.protocol.N6kException;
import io.n6k.protocol.Op;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The prepared statements kept with pooled connections for the server's own SCAN SQL
 * ({@link PreparedStatements}): reused for the same text, never for another principal's
 * rows, never past a change of shape, never on a dirty connection; handlers over one real
 * DuckDB instance with a single idle connection, so every scan reuses the same one.
 *
 * @author n6k
 */
class ReusedScanStatementsTests {

	private static final TableRef T = new TableRef("main", "t");

	private static final TableRef ORDERS = new TableRef("main", "orders");

	private final BufferAllocator allocator = new RootAllocator();

	private DuckDbDatabase database;

	private DuckDbCatalogs catalogs;

	private DuckDbCatalogHandler whole;

	@BeforeEach
	void open() throws Exception {
		this.database = DuckDbDatabase.inMemory();
		this.database.execute("ATTACH ':memory:' AS db", "CREATE TABLE db.main.t (id INTEGER, name VARCHAR)",
				"INSERT INTO db.main.t VALUES (1, 'a'), (2, 'b'), (3, 'c')",
				"CREATE TABLE db.main.orders (id INTEGER, tenant INTEGER, status VARCHAR)",
				"INSERT INTO db.main.orders VALUES (1, 1, 'paid'), (2, 1, 'draft'), (3, 2, 'paid'), (4, 2, 'draft')");
		this.database.setMaxIdleConnections(1);
		this.whole = handler(CatalogAccess.whole("db", false));
		this.catalogs = new DuckDbCatalogs(this.database, Map.of("db", this.whole));
	}

	@AfterEach
	void close() {
		this.database.close();
		this.allocator.close();
	}

	@Test
	void aRepeatedScanReusesItsPreparedStatement() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(ids(this.whole, T, null)).containsExactly(1, 2, 3);
		}
		// (statements older than the maximum age are prepared again: a slow machine may
		// prepare more than once)
		assertThat(counts()[1]).as("executions that reused a statement").isPositive();
		assertThat(ids(this.whole, T, List.of(List.of("id", ">=", 2L)))).containsExactly(2, 3);
		assertThat(ids(this.whole, T, List.of(List.of("id", ">=", 3L)))).as("another filter value is another text")
			.containsExactly(3);
		assertThat(statements().texts()).hasSizeBetween(2, 3);
	}

	@Test
	void keptStatementsAreBounded() throws Exception {
		for (int i = 0; i < PreparedStatements.MAX_SIZE + 5; i++) {
			int from = i;
			assertThat(ids(this.whole, T, List.of(List.of("id", ">=", (long) from))))
				.containsExactlyElementsOf(List.of(1, 2, 3).stream().filter((id) -> id >= from).toList());
		}
		assertThat(statements().texts()).hasSize(PreparedStatements.MAX_SIZE);
	}

	@Test
	void aScanAfterClientDdlIsPreparedAgainAndSeesTheNewShape() throws Exception {
		assertThat(columns(this.whole, T)).containsExactly("id", "name");
		assertThat(columns(this.whole, T)).containsExactly("id", "name");
		this.whole.alterTable(context(Op.ALTER_TABLE, null),
				new Requests.AlterTable(T, new AlterAction.AddColumn(new ColumnDefinition("label", "VARCHAR"))));
		assertThat(columns(this.whole, T)).containsExactly("id", "name", "label");
		this.whole.exec(context(Op.EXEC, null), new Requests.Sql("ALTER TABLE db.main.t DROP COLUMN name", 0));
		assertThat(columns(this.whole, T)).containsExactly("id", "label");
		assertThat(statements().texts()).hasSize(1);
	}

	@Test
	void applicationDdlIsSeenAtOnceWhetherReportedOrNot() throws Exception {
		assertThat(columns(this.whole, T)).containsExactly("id", "name");
		this.database.execute("ALTER TABLE db.main.t ADD COLUMN y INTEGER");
		assertThat(columns(this.whole, T)).as("unreported: DuckDB binds the statement again")
			.containsExactly("id", "name", "y");
		this.database.execute("DROP TABLE db.main.t", "CREATE TABLE db.main.t (id BIGINT)",
				"INSERT INTO db.main.t VALUES (7)");
		assertThat(columns(this.whole, T)).containsExactly("id");
		assertThat(ids(this.whole, T, null)).containsExactly(7L);
		this.database.execute("DROP TABLE db.main.t", "CREATE TABLE db.main.t (id VARCHAR)",
				"INSERT INTO db.main.t VALUES ('x')");
		this.catalogs.shapeChanged("db");
		assertThat(ids(this.whole, T, null)).containsExactly("x");
	}

	@Test
	void aDroppedTableFailsAsItDidWithoutKeptStatements() throws Exception {
		assertThat(ids(this.whole, T, null)).containsExactly(1, 2, 3);
		this.database.execute("DROP TABLE db.main.t");
		assertThatExceptionOfType(N6kException.class).isThrownBy(() -> ids(this.whole, T, null))
			.withMessageContaining("Table with name t does not exist");
		assertThat(statements().texts()).isEmpty();
	}

	@Test
	void rowPoliciesWithoutValuesKeepOneStatementPerPredicate() throws Exception {
		DuckDbCatalogHandler paidOnly = handler(CatalogAccess.listed("db", false,
				Map.of(ORDERS, new TablePolicy("status = 'paid'", null, null, null, null)), Map.of(),
				RowPolicyProvider.CONFIGURED, (principal) -> Map.of()));
		for (int i = 0; i < 3; i++) {
			assertThat(ids(this.whole, ORDERS, null)).containsExactly(1, 2, 3, 4);
			assertThat(ids(paidOnly, ORDERS, null)).containsExactly(1, 3);
		}
		assertThat(statements().texts()).hasSize(2).anySatisfy((text) -> assertThat(text).contains("paid"));
	}

	@Test
	void rowPolicyValuesNeverLeaveTheirRequestsConnection() throws Exception {
		Principal alice = () -> "alice";
		Principal bob = () -> "bob";
		DuckDbCatalogHandler tenants = handler(CatalogAccess.listed("db", false,
				Map.of(ORDERS, new TablePolicy("tenant = $tenant", null, null, null, null)), Map.of(),
				RowPolicyProvider.CONFIGURED,
				(principal) -> Map.of("tenant", principal.getName().equals("alice") ? 1 : 2)));
		assertThat(ids(this.whole, ORDERS, null)).containsExactly(1, 2, 3, 4);
		for (int i = 0; i < 3; i++) {
			assertThat(ids(tenants, ORDERS, null, alice)).containsExactly(1, 2);
			assertThat(ids(tenants, ORDERS, null, bob)).containsExactly(3, 4);
			assertThat(ids(this.whole, ORDERS, null)).containsExactly(1, 2, 3, 4);
		}
		assertThat(statements().texts()).as("only the statement of the unrestricted scan is kept")
			.singleElement()
			.satisfies((text) -> assertThat(text).doesNotContain("tenant"));
	}

	@Test
	void aKeptStatementNeverBypassesGrants() throws Exception {
		DuckDbCatalogHandler grantedT = handler(
				CatalogAccess.granted("db", false, Map.of(T, Permission.READ), Map.of()));
		DuckDbCatalogHandler grantedOrders = handler(
				CatalogAccess.granted("db", false, Map.of(ORDERS, Permission.READ), Map.of()));
		assertThat(ids(grantedT, T, null)).containsExactly(1, 2, 3);
		assertThat(ids(grantedT, T, null)).containsExactly(1, 2, 3);
		assertThatExceptionOfType(N6kException.class).isThrownBy(() -> ids(grantedOrders, T, null));
	}

	@Test
	void aCancelledScanClosesItsConnectionWithItsStatements() throws Exception {
		assertThat(ids(this.whole, T, null)).containsExactly(1, 2, 3);
		PreparedStatements kept = statements();
		long discarded = this.database.pool().stats().discarded();
		List<Runnable> cancels = new ArrayList<>();
		Result result = this.whole.scan(context(Op.SCAN, null, cancels),
				new Requests.Scan(T, List.of(), Filters.parse(null), 0));
		try (BatchSource source = ((Result.Stream) result).source()) {
			cancels.forEach(Runnable::run);
			source.cancel();
		}
		assertThat(this.database.pool().stats().discarded()).isEqualTo(discarded + 1);
		assertThat(kept.texts()).isEmpty();
		assertThat(ids(this.whole, T, null)).containsExactly(1, 2, 3);
		assertThat(statements()).isNotSameAs(kept);
	}

	private PreparedStatements statements() {
		List<PreparedStatements> idle = this.database.pool().idleStatements();
		assertThat(idle).hasSize(1);
		return idle.get(0);
	}

	private long[] counts() {
		return statements().counts();
	}

	private DuckDbCatalogHandler handler(CatalogAccess access) {
		return new DuckDbCatalogHandler(this.database, access, SqlGuard.standard(), Map.of());
	}

	private List<Object> ids(DuckDbCatalogHandler handler, TableRef table, @Nullable List<?> filters) throws Exception {
		return ids(handler, table, filters, null);
	}

	private List<Object> ids(DuckDbCatalogHandler handler, TableRef table, @Nullable List<?> filters,
			@Nullable Principal principal) throws Exception {
		Result result = handler.scan(context(Op.SCAN, principal),
				new Requests.Scan(table, List.of(), Filters.parse(filters), 0));
		List<Object> values = new ArrayList<>();
		try (BatchSource source = ((Result.Stream) result).source()) {
			VectorSchemaRoot batch;
			while ((batch = source.next()) != null) {
				FieldVector ids = batch.getVector(0);
				for (int i = 0; i < batch.getRowCount(); i++) {
					Object value = ids.getObject(i);
					values.add((value != null)
							? ((value instanceof org.apache.arrow.vector.util.Text text) ? text.toString() : value)
							: "null");
				}
			}
		}
		return values;
	}

	private List<String> columns(DuckDbCatalogHandler handler, TableRef table) throws Exception {
		Result result = handler.scan(context(Op.SCAN, null), new Requests.Scan(table, List.of(), List.of(), 0));
		try (BatchSource source = ((Result.Stream) result).source()) {
			return source.schema().getFields().stream().map(Field::getName).toList();
		}
	}

	private RequestContext context(Op op, @Nullable Principal principal) {
		return context(op, principal, new ArrayList<>());
	}

	private RequestContext context(Op op, @Nullable Principal principal, List<Runnable> cancels) {
		return new TestRequestContext("db", op, principal, this.allocator, cancels);
	}

}
