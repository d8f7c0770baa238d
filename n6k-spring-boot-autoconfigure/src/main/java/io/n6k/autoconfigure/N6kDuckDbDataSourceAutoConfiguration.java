package io.n6k.autoconfigure;

import javax.sql.DataSource;

import io.n6k.duckdb.DuckDbDatabase;
import org.apache.arrow.c.ArrowArrayStream;
import org.duckdb.DuckDBConnection;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of a {@link DataSource} for the DuckDB database the starter opens
 * itself ({@code n6k.duckdb.url}), when the application has none: the application then
 * writes through {@code JdbcTemplate} to the very instance clients read, with no second
 * configuration. Runs before Boot's {@code DataSourceAutoConfiguration}, which backs off;
 * an application DataSource or {@code spring.datasource.url} wins, and is served instead.
 *
 * @author n6k
 * @since 0.1.0
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		afterName = { "org.springframework.boot.jdbc.autoconfigure.JndiDataSourceAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration" })
@ConditionalOnClass({ DuckDBConnection.class, ArrowArrayStream.class })
@ConditionalOnBooleanProperty(name = "n6k.enabled", matchIfMissing = true)
@ConditionalOnMissingBean(DataSource.class)
@Conditional(N6kDuckDbDataSourceAutoConfiguration.NoDataSourceProperties.class)
public final class N6kDuckDbDataSourceAutoConfiguration {

	/**
	 * The bean name; {@link N6kDuckDbAutoConfiguration} does not serve this DataSource as
	 * the application's own, since it is backed by the served database.
	 */
	static final String BEAN_NAME = "n6kDataSource";

	@Bean(BEAN_NAME)
	DataSource n6kDataSource(DuckDbDatabase database) {
		return new DuckDbDatabaseDataSource(database);
	}

	static final class NoDataSourceProperties extends NoneNestedConditions {

		NoDataSourceProperties() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty("spring.datasource.url")
		static final class Url {

		}

		@ConditionalOnProperty("spring.datasource.jndi-name")
		static final class JndiName {

		}

	}

}
