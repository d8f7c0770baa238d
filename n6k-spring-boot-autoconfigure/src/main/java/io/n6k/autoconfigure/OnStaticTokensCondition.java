package io.n6k.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code n6k.auth.tokens} configures at least one token.
 *
 * @author n6k
 */
class OnStaticTokensCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		boolean configured = Binder.get(context.getEnvironment())
			.bind("n6k.auth.tokens", Bindable.mapOf(String.class, Object.class))
			.map(Map::isEmpty)
			.map((empty) -> !empty)
			.orElse(false);
		return configured ? ConditionOutcome.match("n6k.auth.tokens is configured")
				: ConditionOutcome.noMatch("n6k.auth.tokens is not configured");
	}

}
