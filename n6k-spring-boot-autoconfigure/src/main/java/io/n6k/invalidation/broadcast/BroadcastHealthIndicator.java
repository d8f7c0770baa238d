package io.n6k.invalidation.broadcast;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports the link to the broker: {@code UP} while invalidations reach the other
 * instances, {@code DOWN} while they do not (local pushes continue; it is not part of the
 * liveness or readiness probes unless you add it to their groups).
 *
 * @author n6k
 * @since 0.1.0
 */
public class BroadcastHealthIndicator implements HealthIndicator {

	private final BroadcastStatus status;

	public BroadcastHealthIndicator(BroadcastStatus status) {
		this.status = status;
	}

	@Override
	public Health health() {
		Health.Builder health = this.status.isUp() ? Health.up() : Health.down();
		health.withDetail("broker", this.status.getBroker())
			.withDetail("since", this.status.getSince().toString())
			.withDetail("notBroadcast", this.status.getNotBroadcast());
		String error = this.status.getError();
		if (error != null) {
			health.withDetail("error", error);
		}
		return health.build();
	}

}
