package io.n6k.memory;

import java.util.List;
import java.util.Map;

import io.n6k.access.CatalogAccess;
import io.n6k.access.RowPolicyProvider;
import io.n6k.access.TablePolicy;
import io.n6k.backend.Requests;
import io.n6k.backend.RequestContext;
import io.n6k.backend.TestRequestContext;
import io.n6k.backend.Result;
import io.n6k.backend.TableRef;
import io.n6k.protocol.N6kException;
import io.n6k.protocol.Op;
import io.n6k.protocol.TableInfo;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The in-memory backend receives policies through the SPI; it cannot evaluate row
 * predicates, so it refuses to be built with them and never serves a table unfiltered.
 */
class InMemoryCatalogPolicyTests {

	private static final TableRef SECRETS = new TableRef("main", "secrets");

	private static final TableRef PUBLIC = new TableRef("main", "public");

	private final BufferAllocator allocator = new RootAllocator();

	@AfterEach
	void close() {
		this.allocator.close();
	}

	@Test
	void aRowPredicateIsRefusedWhenTheCatalogIsBuilt() {
		CatalogAccess access = CatalogAccess.listed("mem", false,
				Map.of(SECRETS, new TablePolicy("tenant = $tenant", null, null, null, null)), Map.of(),
				RowPolicyProvider.CONFIGURED, null);
		assertThatIllegalStateException().isThrownBy(() -> builder().access(access).build())
			.withMessageContaining("cannot enforce row policies (tables main.secrets)");
	}

	@Test
	void aPerPrincipalProviderIsRefusedWhenTheCatalogIsBuilt() {
		CatalogAccess access = CatalogAccess.listed("mem", false, Map.of(PUBLIC, TablePolicy.READ), Map.of(),
				(catalog, principal, configured) -> configured, null);
		assertThatIllegalStateException().isThrownBy(() -> builder().access(access).build())
			.withMessageContaining("a RowPolicyProvider decides them per principal");
	}

	@Test
	void onlyListedTablesExistAndTheyAreServedWhole() throws Exception {
		CatalogAccess access = CatalogAccess.listed("mem", false, Map.of(PUBLIC, TablePolicy.READ), Map.of(),
				RowPolicyProvider.CONFIGURED, null);
		InMemoryCatalog catalog = builder().access(access).build();
		Result tables = catalog.tablesList(context(), new Requests.TablesList(null));
		assertThat(((Result.Tables) tables).tables()).extracting(TableInfo::name).containsExactly("public");
		assertThatExceptionOfType(N6kException.class)
			.isThrownBy(() -> catalog.scan(context(), new Requests.Scan(SECRETS, List.of(), List.of(), 0)))
			.withMessage("Table with name secrets does not exist!");
		Result scan = catalog.scan(context(), new Requests.Scan(PUBLIC, List.of(), List.of(), 0));
		try (var source = ((Result.Stream) scan).source()) {
			assertThat(source.next().getRowCount()).isEqualTo(3);
		}
	}

	private InMemoryCatalog.Builder builder() {
		Schema schema = new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(32, true)), null)));
		try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, this.allocator)) {
			root.allocateNew();
			for (int i = 0; i < 3; i++) {
				((IntVector) root.getVector(0)).setSafe(i, i);
			}
			root.setRowCount(3);
			return InMemoryCatalog.builder().table("main", "secrets", root).table("main", "public", root);
		}
	}

	private RequestContext context() {
		return new TestRequestContext("mem", Op.SCAN, () -> "alice", this.allocator);
	}

}
