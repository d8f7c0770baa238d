package io.n6k.autoconfigure;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.n6k.metrics.N6kMetrics;
import io.n6k.metrics.N6kStats;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the n6k server's Micrometer meters; Boot binds the
 * {@link MeterBinder} to whatever registries the application has.
 *
 * @author n6k
 * @since 0.1.0
 */
@AutoConfiguration(after = N6kAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(N6kStats.class)
public final class N6kMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	N6kMetrics n6kMetrics(N6kStats stats) {
		return new N6kMetrics(stats);
	}

}
