package io.n6k.access;

import java.util.Map;

import javax.sql.DataSource;

import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.support.TestApplication;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FileAccessTests} on the application's own DuckDB instance, shared through its
 * DataSource and not locked down: the SQL guard alone keeps client-named files closed.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.files_db.path=:memory:", "n6k.catalogs.files_db.permissions[main.items]=readwrite",
				"n6k.catalogs.open_files.path=:memory:", "n6k.catalogs.open_files.access=all",
				"n6k.duckdb.init-sql=classpath:file-access.sql" })
@Import(SharedInstanceFileAccessTests.ApplicationDataSource.class)
class SharedInstanceFileAccessTests extends FileAccessTests {

	@Test
	void theSharedInstanceKeepsItsOwnFileAccess() throws Exception {
		assertThat(this.database.isOwnInstance()).isFalse();
		assertThat(this.database.query("SELECT count(*) FROM read_csv(?)", this.existing.toString()).get(0).get(0))
			.isEqualTo(1L);
	}

	@Test
	void networkLocationsAreRefusedBeforeAnythingIsBound() throws Exception {
		N6kClient client = open("files_db");
		String[] statements = { "SELECT * FROM read_csv('https://example.invalid/data.csv')",
				"SELECT * FROM 'https://example.invalid/data.csv'",
				"SELECT * FROM read_parquet('s3://bucket/data.parquet')",
				"SELECT * FROM read_text('http://169.254.169.254/latest/meta-data/')",
				"INSERT INTO files_db.main.items SELECT * FROM read_csv('https://example.invalid/data.csv')" };
		int id = 0;
		for (String sql : statements) {
			Response response = client.call(++id, 7, Map.of("sql", sql));
			assertThat(response.exceptionType()).as(sql).isEqualTo("PermissionException");
			// the refusal comes from the parse tree: nothing was bound, so no extension
			// was loaded
			assertThat(response.exceptionMessage()).as(sql).startsWith("n6k: ").doesNotContain("HTTP", "IO Error");
		}
		assertThat(this.database
			.query("SELECT count(*) FROM duckdb_extensions() WHERE loaded AND extension_name "
					+ "IN ('httpfs', 'aws', 'azure')")
			.get(0)
			.get(0)).isEqualTo(0L);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ApplicationDataSource {

		@Bean
		DataSource dataSource() {
			return new SimpleDriverDataSource(new DuckDBDriver(), "jdbc:duckdb::memory:n6k_file_access");
		}

	}

}
