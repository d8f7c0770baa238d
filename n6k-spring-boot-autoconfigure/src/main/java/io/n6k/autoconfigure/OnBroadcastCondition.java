package io.n6k.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code n6k.invalidation.broadcast} chooses a broker, or is not set and the
 * broker may apply (Redis: always; PostgreSQL: when a PostgreSQL DataSource is named or
 * is Boot's own).
 *
 * @author n6k
 */
abstract class OnBroadcastCondition extends SpringBootCondition {

	private static final String PROPERTY = "n6k.invalidation.broadcast";

	private final String broker;

	OnBroadcastCondition(String broker) {
		this.broker = broker;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		String chosen = environment.getProperty(PROPERTY);
		if (chosen != null) {
			return chosen.trim().equalsIgnoreCase(this.broker) ? ConditionOutcome.match(PROPERTY + " is " + chosen)
					: ConditionOutcome.noMatch(PROPERTY + " is " + chosen);
		}
		return whenNotChosen(environment);
	}

	abstract ConditionOutcome whenNotChosen(Environment environment);

	static class Redis extends OnBroadcastCondition {

		Redis() {
			super("redis");
		}

		@Override
		ConditionOutcome whenNotChosen(Environment environment) {
			return ConditionOutcome.match(PROPERTY + " is not set");
		}

	}

	static class Postgres extends OnBroadcastCondition {

		Postgres() {
			super("postgres");
		}

		@Override
		ConditionOutcome whenNotChosen(Environment environment) {
			if (environment.getProperty("n6k.invalidation.postgres.data-source") != null) {
				return ConditionOutcome.match("n6k.invalidation.postgres.data-source is set");
			}
			String url = environment.getProperty("spring.datasource.url", "");
			return url.startsWith("jdbc:postgresql:") ? ConditionOutcome.match("spring.datasource.url is PostgreSQL")
					: ConditionOutcome.noMatch("no PostgreSQL DataSource is configured for it");
		}

	}

}
