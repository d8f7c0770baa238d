package io.n6k.invalidation.broadcast;

import java.util.List;

import javax.sql.DataSource;

import io.n6k.support.BrokerProcess;
import io.n6k.support.PostgresProcess;
import org.duckdb.DuckDBDriver;
import org.postgresql.ds.PGPoolingDataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Two instances broadcasting invalidations through a real PostgreSQL 15, each application
 * also having a DuckDB DataSource: the PostgreSQL one is named by
 * {@code n6k.invalidation.postgres.data-source}.
 */
class PostgresBroadcastTests extends BroadcastScenarios {

	@Override
	BrokerProcess createBroker() {
		return new PostgresProcess();
	}

	@Override
	List<Class<?>> sources() {
		return List.of(TwoDataSources.class);
	}

	@Override
	List<String> properties(int brokerPort) {
		return List.of("n6k.invalidation.broadcast=postgres", "n6k.invalidation.postgres.data-source=brokerDataSource",
				"test.postgres.url=" + ((PostgresProcess) this.broker).url(brokerPort));
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		@Bean
		DataSource applicationDataSource() {
			return new SimpleDriverDataSource(new DuckDBDriver(), "jdbc:duckdb:");
		}

		/**
		 * Pooled, as an application's PostgreSQL DataSource is; the driver's pool drops
		 * broken connections.
		 */
		@Bean
		@SuppressWarnings("deprecation")
		DataSource brokerDataSource(@Value("${test.postgres.url}") String url) {
			PGPoolingDataSource dataSource = new PGPoolingDataSource();
			dataSource.setUrl(url);
			dataSource.setUser("postgres");
			// the driver's pool needs a unique name to close cleanly
			dataSource.setDataSourceName("n6k-broker-" + java.util.UUID.randomUUID());
			dataSource.setConnectTimeout(2);
			dataSource.setSocketTimeout(5);
			dataSource.setMaxConnections(10);
			return dataSource;
		}

	}

}
