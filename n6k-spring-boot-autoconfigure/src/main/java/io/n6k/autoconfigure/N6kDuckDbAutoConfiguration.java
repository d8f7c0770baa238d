package io.n6k.autoconfigure;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.n6k.access.SqlGuard;
import io.n6k.backend.RpcFunction;
import io.n6k.duckdb.DuckDbCatalogs;
import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.duckdb.DuckDbDatabaseCustomizer;
import org.apache.arrow.c.ArrowArrayStream;
import org.duckdb.DuckDBConnection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the DuckDB backend: the served database (the application's
 * DuckDB {@link DataSource} when it has one, else {@code n6k.duckdb.url}), the catalogs
 * of {@code n6k.catalogs} with their grants, and the SQL guard.
 *
 * @author n6k
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ DuckDBConnection.class, ArrowArrayStream.class })
@ConditionalOnBooleanProperty(name = "n6k.enabled", matchIfMissing = true)
@EnableConfigurationProperties(N6kProperties.class)
public final class N6kDuckDbAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	DuckDbDatabase n6kDuckDbDatabase(N6kProperties properties, ObjectProvider<DataSource> dataSource,
			ObjectProvider<DuckDbDatabaseCustomizer> customizers) {
		return new DuckDbSetup(properties).open(dataSource.getIfUnique(), customizers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	SqlGuard n6kSqlGuard(N6kProperties properties, ObjectProvider<SqlGuard.OpaqueFunction> opaqueFunctions) {
		Set<String> tableFunctions = new LinkedHashSet<>(SqlGuard.DEFAULT_TABLE_FUNCTIONS);
		properties.getSql().getAllowedTableFunctions().forEach((name) -> tableFunctions.add(name.toLowerCase()));
		Map<String, SqlGuard.OpaqueFunction> opaque = new LinkedHashMap<>();
		opaqueFunctions.orderedStream().forEach((function) -> opaque.put(function.name().toLowerCase(), function));
		return new SqlGuard(tableFunctions, opaque);
	}

	@Bean
	@ConditionalOnMissingBean
	DuckDbCatalogs n6kDuckDbCatalogs(N6kProperties properties, DuckDbDatabase database, SqlGuard guard,
			ObjectProvider<RpcFunction> rpcFunctions) {
		Map<String, RpcFunction> functions = new LinkedHashMap<>();
		rpcFunctions.orderedStream().forEach((function) -> functions.put(function.name(), function));
		DuckDbSetup setup = new DuckDbSetup(properties);
		DuckDbCatalogs catalogs = setup.catalogs(database, guard, functions);
		setup.lockDown(database);
		return catalogs;
	}

}
