package io.n6k.autoconfigure;

import org.duckdb.DuckDBDriver;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.util.StringUtils;

/**
 * Gives a {@code jdbc:duckdb:} {@code spring.datasource.url} its driver class, as Boot
 * does for the databases it knows (H2 among them) but not for DuckDB; without it the
 * DataSource fails with "Failed to determine a suitable driver class".
 *
 * @author n6k
 */
final class DuckDbDriverPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSourceProperties properties && !StringUtils.hasText(properties.getDriverClassName())
				&& properties.getUrl() != null && properties.getUrl().startsWith("jdbc:duckdb:")) {
			properties.setDriverClassName(DuckDBDriver.class.getName());
		}
		return bean;
	}

}
