package io.n6k.autoconfigure;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.n6k.access.PolicyParameters;
import io.n6k.access.RowPolicyProvider;
import io.n6k.duckdb.SqlGuard;
import io.n6k.access.TokenVerifier;
import io.n6k.backend.RpcFunction;
import io.n6k.backend.SessionFactory;
import io.n6k.duckdb.DuckDbCatalogs;
import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.duckdb.DuckDbDatabaseCustomizer;
import org.apache.arrow.c.ArrowArrayStream;
import org.duckdb.DuckDBConnection;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the DuckDB backend: the served database (the application's DuckDB
 * {@link DataSource} when it has one, else {@code n6k.duckdb.url}), the catalogs of
 * {@code n6k.catalogs} with their grants, the SQL guard, and the instance's lockdown once
 * everything that may use it has started.
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
			ObjectProvider<DuckDbDatabaseCustomizer> customizers, ListableBeanFactory beanFactory) {
		// The starter's own DataSource is backed by this database: there is no other
		// then.
		DataSource application = beanFactory.containsBeanDefinition(N6kDuckDbDataSourceAutoConfiguration.BEAN_NAME)
				? null : dataSource.getIfUnique();
		return new DuckDbSetup(properties).open(application, customizers.orderedStream().toList());
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

	// Grants are checked against the database, so after spring.sql.init, Flyway and
	// Liquibase.
	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	DuckDbCatalogs n6kDuckDbCatalogs(N6kProperties properties, DuckDbDatabase database, SqlGuard guard,
			ObjectProvider<RpcFunction> rpcFunctions, ObjectProvider<RowPolicyProvider> policyProvider,
			ObjectProvider<PolicyParameters> policyParameters) {
		Map<String, RpcFunction> functions = new LinkedHashMap<>();
		rpcFunctions.orderedStream().forEach((function) -> functions.put(function.name(), function));
		return new DuckDbSetup(properties).catalogs(database, guard, functions,
				policyProvider.getIfAvailable(() -> RowPolicyProvider.CONFIGURED), policyParameters.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	RowPolicyProvider n6kRowPolicyProvider() {
		return RowPolicyProvider.CONFIGURED;
	}

	@Bean
	@ConditionalOnMissingBean
	PolicyParameters n6kPolicyParameters(N6kProperties properties) {
		Map<String, Map<String, Object>> attributes = new LinkedHashMap<>();
		properties.getAuth().getTokens().forEach((name, token) -> attributes.put(name, token.getAttributes()));
		return new N6kPolicyParameters(attributes);
	}

	@Bean
	SmartInitializingSingleton n6kDuckDbLockdown(N6kProperties properties, ObjectProvider<DuckDbDatabase> database) {
		DuckDbLockdown lockdown = new DuckDbLockdown(properties.getDuckdb());
		return () -> database.ifUnique(lockdown::apply);
	}

	@Bean
	N6kStartupReport n6kStartupReport(ApplicationContext context, N6kProperties properties,
			ObjectProvider<SessionFactory> sessionFactory, ObjectProvider<DuckDbCatalogs> catalogs,
			ObjectProvider<DuckDbDatabase> database, ObjectProvider<TokenVerifier> verifier) {
		return new N6kStartupReport(context, properties, sessionFactory, catalogs, database, verifier);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(DataSourceProperties.class)
	static class DuckDbDriverConfiguration {

		@Bean
		static DuckDbDriverPostProcessor n6kDuckDbDriverPostProcessor() {
			return new DuckDbDriverPostProcessor();
		}

	}

}
