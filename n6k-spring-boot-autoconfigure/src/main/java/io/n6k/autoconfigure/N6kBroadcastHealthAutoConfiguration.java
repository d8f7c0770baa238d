package io.n6k.autoconfigure;

import io.n6k.invalidation.broadcast.BroadcastHealthIndicator;
import io.n6k.invalidation.broadcast.BroadcastRelay;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the health indicator {@code n6kBroadcast}: the link that carries
 * invalidations to the other instances.
 *
 * @author n6k
 * @since 0.1.0
 */
@AutoConfiguration(after = N6kBroadcastAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(BroadcastRelay.class)
@ConditionalOnEnabledHealthIndicator("n6kBroadcast")
public final class N6kBroadcastHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "n6kBroadcastHealthIndicator")
	BroadcastHealthIndicator n6kBroadcastHealthIndicator(BroadcastRelay relay) {
		return new BroadcastHealthIndicator(relay.getStatus());
	}

}
