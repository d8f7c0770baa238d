package io.n6k.invalidation.broadcast;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.support.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.util.FileSystemUtils;

import static io.n6k.invalidation.broadcast.Instance.push;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The topologies of docs/scale-out.md that share data: two instances serving one
 * read-only DuckDB file and Parquet files from shared storage (here a temporary
 * directory) with the lockdown in place, and a writer that replaces the Parquet files and
 * tells every instance's clients to refetch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleOutTopologyTests {

	Path shared;

	RedisProcess redis;

	Instance writer;

	Instance replica;

	@BeforeAll
	void startBrokerAndInstances() throws Exception {
		this.shared = Files.createTempDirectory("n6k-shared-");
		writeAsTheWriter("ATTACH '" + this.shared.resolve("sales.duckdb") + "' AS sales",
				"CREATE TABLE sales.orders AS SELECT * FROM (VALUES (1, 9.5), (2, 20.0)) t(id, total)", "DETACH sales",
				"COPY (SELECT 1 AS id) TO '" + this.shared.resolve("events.parquet") + "' (FORMAT parquet)");
		this.redis = new RedisProcess();
		this.redis.start();
		List<String> properties = List.of("n6k.invalidation.broadcast=redis", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + this.redis.port(),
				"n6k.catalogs.sales.path=" + this.shared.resolve("sales.duckdb"), "n6k.catalogs.sales.read-only=true",
				"n6k.catalogs.sales.access=all", "n6k.catalogs.lake.path=:memory:", "n6k.catalogs.lake.access=all",
				"n6k.duckdb.init-sql[1]=SET allowed_directories = ['" + this.shared + "/']",
				"n6k.duckdb.init-sql[2]=CREATE VIEW lake.main.events AS SELECT * FROM read_parquet('"
						+ this.shared.resolve("events.parquet") + "')");
		this.writer = Instance.start("writer", List.of(), properties);
		this.replica = Instance.start("replica", List.of(), properties);
	}

	@AfterAll
	void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { this.writer, this.replica, this.redis }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// stopping anyway
			}
		}
		if (this.shared != null) {
			FileSystemUtils.deleteRecursively(this.shared.toFile());
		}
	}

	@Test
	void bothInstancesServeOneReadOnlyFileAndSharedParquetUnderLockdown() throws Exception {
		for (Instance instance : List.of(this.writer, this.replica)) {
			N6kClient client = instance.open("sales");
			Response orders = client.call(1, 4, Map.of("schema", "main", "table", "orders"));
			assertThat(orders.arrow().rows()).hasSize(2);
			Response insert = client.call(2, 6, Map.of("sql", "INSERT INTO sales.main.orders VALUES (3, 1.0)"));
			assertThat(insert.isError()).as("the shared file is read-only").isTrue();
			N6kClient lake = instance.open("lake");
			assertThat(lake.call(3, 4, Map.of("schema", "main", "table", "events")).arrow().rows())
				.containsExactly(List.of(1));
			assertThatException().as("the lockdown holds outside allowed_directories")
				.isThrownBy(() -> instance.database().execute("SELECT * FROM read_text('/etc/hostname')"))
				.withMessageContaining("Permission Error");
			instance.closeClients();
		}
	}

	@Test
	void theWritersNotifyInvalidateMakesEveryReplicasClientsRefetch() throws Exception {
		this.writer.awaitLink(true);
		this.replica.awaitLink(true);
		N6kClient onReplica = this.replica.open("lake");
		N6kClient onWriter = this.writer.open("lake");
		writeAsTheWriter("COPY (SELECT 1 AS id, 'new' AS note) TO '" + this.shared.resolve("events.parquet")
				+ "' (FORMAT parquet)");
		this.writer.invalidation().notifyInvalidate("lake", "main");
		assertThat(push(onWriter)).containsExactly("main");
		assertThat(push(onReplica)).containsExactly("main");
		Response refetched = onReplica.call(1, 4, Map.of("schema", "main", "table", "events"));
		assertThat(refetched.arrow().rows()).containsExactly(List.of(1, "new"));
		this.writer.closeClients();
		this.replica.closeClients();
	}

	/** The writer's own code, outside n6k: a DuckDB connection of its own. */
	private static void writeAsTheWriter(String... statements) throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}
