package io.n6k.duckdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.access.CatalogAccess;
import io.n6k.access.Permission;
import io.n6k.backend.AlterAction;
import io.n6k.backend.BatchSource;
import io.n6k.backend.ColumnDefinition;
import io.n6k.backend.RequestContext;
import io.n6k.backend.TestRequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;
import io.n6k.backend.TableRef;
import io.n6k.protocol.N6kException;
import io.n6k.protocol.Op;
import io.n6k.protocol.TableInfo;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Metadata answers and guard verdicts kept in memory are never used after a change of
 * shape the server makes or hears of, nor shared between grant sets: handlers over one
 * real DuckDB instance, changed by clients' DDL and by the application.
 */
class CachedCatalogAnswersTests {

	private final BufferAllocator allocator = new RootAllocator();

	private final SqlGuard guard = SqlGuard.standard();

	private DuckDbDatabase database;

	private DuckDbCatalogs catalogs;

	private DuckDbCatalogHandler whole;

	private DuckDbCatalogHandler grantedT;

	private DuckDbCatalogHandler grantedSecret;

	@BeforeEach
	void open() throws Exception {
		this.database = DuckDbDatabase.inMemory();
		this.database.execute("ATTACH ':memory:' AS db", "CREATE TABLE db.main.t (id INTEGER PRIMARY KEY)",
				"INSERT INTO db.main.t VALUES (1)", "CREATE TABLE db.main.secret (id INTEGER)",
				"INSERT INTO db.main.secret VALUES (666)", "ATTACH ':memory:' AS other",
				"CREATE TABLE other.main.vault (id INTEGER)", "INSERT INTO other.main.vault VALUES (999)");
		this.whole = handler(CatalogAccess.whole("db", false));
		this.grantedT = handler(
				CatalogAccess.granted("db", false, Map.of(new TableRef("main", "t"), Permission.READ), Map.of()));
		this.grantedSecret = handler(
				CatalogAccess.granted("db", false, Map.of(new TableRef("main", "secret"), Permission.READ), Map.of()));
		this.catalogs = new DuckDbCatalogs(this.database, Map.of("db", this.whole));
	}

	@AfterEach
	void close() {
		this.database.close();
		this.allocator.close();
	}

	@Test
	void tablesListAndCatalogListFollowClientDdl() throws Exception {
		assertThat(names(this.whole)).containsExactly("secret", "t");
		assertThat(schemas(this.whole)).containsExactly("main");
		this.whole.createTable(context(Op.CREATE_TABLE),
				new Requests.CreateTable("main", "added", List.of(new ColumnDefinition("a", "INTEGER"))));
		assertThat(names(this.whole)).containsExactly("added", "secret", "t");
		assertThat(rowCount(this.whole.exec(context(Op.EXEC), sql("CREATE SCHEMA db.reporting")))).isZero();
		assertThat(schemas(this.whole)).containsExactly("main", "reporting");
		this.whole.exec(context(Op.EXEC), sql("CREATE TABLE db.reporting.daily (d DATE)"));
		assertThat(tables(this.whole, "reporting")).extracting(TableInfo::name).containsExactly("daily");
		this.whole.exec(context(Op.EXEC), sql("DROP TABLE db.main.added"));
		assertThat(names(this.whole)).containsExactly("secret", "t", "daily");
	}

	@Test
	void tableSchemaFollowsAlterTable() throws Exception {
		assertThat(columns(this.whole, "t")).containsExactly("id");
		this.whole.alterTable(context(Op.ALTER_TABLE), new Requests.AlterTable(new TableRef("main", "t"),
				new AlterAction.AddColumn(new ColumnDefinition("label", "VARCHAR"))));
		assertThat(columns(this.whole, "t")).containsExactly("id", "label");
		this.whole.alterTable(context(Op.ALTER_TABLE),
				new Requests.AlterTable(new TableRef("main", "t"), new AlterAction.RenameColumn("label", "name")));
		assertThat(columns(this.whole, "t")).containsExactly("id", "name");
		this.whole.exec(context(Op.EXEC), sql("ALTER TABLE db.main.t DROP COLUMN name"));
		assertThat(columns(this.whole, "t")).containsExactly("id");
	}

	@Test
	void ddlSentAsQueryIsSeenOnceItsStreamEnds() throws Exception {
		assertThat(names(this.whole)).containsExactly("secret", "t");
		drain(this.whole.query(context(Op.QUERY), sql("CREATE TABLE db.main.by_query AS SELECT 1 AS a")));
		assertThat(names(this.whole)).containsExactly("by_query", "secret", "t");
		assertThat(columns(this.whole, "by_query")).containsExactly("a");
	}

	@Test
	void applicationDdlIsSeenOnceReported() throws Exception {
		assertThat(names(this.whole)).containsExactly("secret", "t");
		assertThat(columns(this.whole, "t")).containsExactly("id");
		this.database.execute("CREATE TABLE db.main.app_table (x INTEGER)",
				"ALTER TABLE db.main.t ADD COLUMN y INTEGER");
		this.catalogs.shapeChanged("db");
		assertThat(names(this.whole)).containsExactly("app_table", "secret", "t");
		assertThat(columns(this.whole, "t")).containsExactly("id", "y");
	}

	@Test
	void unreportedApplicationDdlIsSeenWithinTheMaximumAge() throws Exception {
		assertThat(names(this.whole)).containsExactly("secret", "t");
		this.database.execute("CREATE TABLE db.main.unreported (x INTEGER)");
		Thread.sleep(CatalogCaches.MAX_AGE_NANOS / 1_000_000 + 50);
		assertThat(names(this.whole)).containsExactly("secret", "t", "unreported");
	}

	@Test
	void tablesListFlagsAndKeysAreThoseOfTheGrantSet() throws Exception {
		assertThat(tables(this.whole, null)).containsExactly(new TableInfo("main", "secret", true, true, List.of()),
				new TableInfo("main", "t", true, true, List.of("id")));
		assertThat(tables(this.grantedT, null))
			.containsExactly(new TableInfo("main", "t", false, false, List.of("id")));
		assertThat(tables(this.grantedSecret, null))
			.containsExactly(new TableInfo("main", "secret", false, false, List.of()));
	}

	@Test
	void grantSetsNeverShareVerdicts() throws Exception {
		String readT = "SELECT id FROM db.main.t";
		assertThat(rows(this.grantedT, readT)).containsExactly(1);
		assertThat(rows(this.grantedT, readT)).containsExactly(1);
		assertThatExceptionOfType(N6kException.class).isThrownBy(() -> rows(this.grantedSecret, readT))
			.satisfies((ex) -> assertThat(ex.type().name()).isEqualTo("CatalogException"));
		String readSecret = "SELECT id FROM db.main.secret";
		assertThat(rows(this.grantedSecret, readSecret)).containsExactly(666);
		assertThatExceptionOfType(N6kException.class).isThrownBy(() -> rows(this.grantedT, readSecret));
	}

	@Test
	void aVerdictIsReusedUntilTheShapeChanges() throws Exception {
		GuardVerdicts verdicts = this.database.caches().verdicts();
		assertThat(rows(this.grantedT, "SELECT id FROM db.main.t")).containsExactly(1);
		assertThat(verdicts.size()).isOne();
		assertThat(rows(this.grantedT, "SELECT id FROM db.main.t")).containsExactly(1);
		assertThat(verdicts.size()).isOne();
		this.whole.exec(context(Op.EXEC), sql("INSERT INTO db.main.t VALUES (2)"));
		assertThat(verdicts.size()).as("writes are not kept").isOne();
	}

	@Test
	void aGrantedTableReplacedByClientDdlWithAViewOverAnotherCatalogIsRefused() throws Exception {
		String read = "SELECT id FROM db.main.t";
		assertThat(rows(this.whole, read)).containsExactly(1);
		assertThat(rows(this.whole, read)).containsExactly(1);
		this.whole.exec(context(Op.EXEC), sql("DROP TABLE db.main.t"));
		this.whole.exec(context(Op.EXEC), sql("CREATE VIEW db.main.t AS SELECT id FROM other.main.vault"));
		assertThatExceptionOfType(N6kException.class).isThrownBy(() -> rows(this.whole, read))
			.withMessageContaining("outside catalog");
	}

	@Test
	void aGrantedTableReplacedByTheApplicationWithAViewOverAnUngrantedOneIsRefusedOnceReported() throws Exception {
		String read = "SELECT id FROM db.main.t";
		assertThat(rows(this.grantedT, read)).containsExactly(1);
		assertThat(rows(this.grantedT, read)).containsExactly(1);
		this.database.execute("DROP TABLE db.main.t", "CREATE VIEW db.main.t AS SELECT id FROM db.main.secret");
		this.catalogs.shapeChanged("db");
		assertThatExceptionOfType(N6kException.class).isThrownBy(() -> rows(this.grantedT, read))
			.satisfies((ex) -> assertThat(ex.type().name()).isEqualTo("CatalogException"));
	}

	@Test
	void anUnreportedReplacementIsRefusedWithinTheMaximumAge() throws Exception {
		String read = "SELECT id FROM db.main.t";
		assertThat(rows(this.grantedT, read)).containsExactly(1);
		this.database.execute("DROP TABLE db.main.t", "CREATE VIEW db.main.t AS SELECT id FROM db.main.secret");
		Thread.sleep(CatalogCaches.MAX_AGE_NANOS / 1_000_000 + 50);
		assertThatExceptionOfType(N6kException.class).isThrownBy(() -> rows(this.grantedT, read));
	}

	private DuckDbCatalogHandler handler(CatalogAccess access) {
		return new DuckDbCatalogHandler(this.database, access, this.guard, Map.of());
	}

	private List<String> names(DuckDbCatalogHandler handler) throws Exception {
		return tables(handler, null).stream().map(TableInfo::name).toList();
	}

	private List<TableInfo> tables(DuckDbCatalogHandler handler, @Nullable String schema) throws Exception {
		return ((Result.Tables) handler.tablesList(context(Op.TABLES_LIST), new Requests.TablesList(schema))).tables();
	}

	private List<String> schemas(DuckDbCatalogHandler handler) throws Exception {
		return ((Result.Schemas) handler.catalogList(context(Op.CATALOG_LIST))).schemas();
	}

	private List<String> columns(DuckDbCatalogHandler handler, String table) throws Exception {
		return ((Result.SchemaOnly) handler.tableSchema(context(Op.TABLE_SCHEMA), new TableRef("main", table))).schema()
			.getFields()
			.stream()
			.map(Field::getName)
			.toList();
	}

	private List<Object> rows(DuckDbCatalogHandler handler, String sql) throws Exception {
		return drain(handler.query(context(Op.QUERY), sql(sql)));
	}

	private static long rowCount(Result result) {
		return ((Result.RowCount) result).rowCount();
	}

	private static List<Object> drain(Result result) throws Exception {
		List<Object> values = new ArrayList<>();
		try (BatchSource source = ((Result.Stream) result).source()) {
			source.schema();
			VectorSchemaRoot batch;
			while ((batch = source.next()) != null) {
				for (int i = 0; i < batch.getRowCount(); i++) {
					values.add(batch.getVector(0).getObject(i));
				}
			}
		}
		return values;
	}

	private static Requests.Sql sql(String sql) {
		return new Requests.Sql(sql, 0);
	}

	private RequestContext context(Op op) {
		return new TestRequestContext("db", op, null, this.allocator);
	}

}
