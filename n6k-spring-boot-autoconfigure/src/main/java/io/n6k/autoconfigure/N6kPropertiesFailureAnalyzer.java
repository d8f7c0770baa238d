package io.n6k.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Explains {@code n6k.*} properties that failed to bind: unknown keys with the closest
 * known one, and the mistakes {@link N6kPropertiesValidator} found. Runs before Boot's
 * own analyzers, which would describe the same failures in binder terms.
 *
 * @author n6k
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class N6kPropertiesFailureAnalyzer implements FailureAnalyzer {

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("n6k");

	private final @Nullable Environment environment;

	N6kPropertiesFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		BindValidationException invalid = find(failure, BindValidationException.class);
		UnboundConfigurationPropertiesException unbound = find(failure, UnboundConfigurationPropertiesException.class);
		boolean ours = (invalid != null) ? ROOT.equals(invalid.getValidationErrors().getName())
				: unbound != null && unbound.getUnboundProperties().stream().allMatch(this::isOurs);
		if (!ours) {
			return null;
		}
		List<String> descriptions = new ArrayList<>();
		Set<String> actions = new LinkedHashSet<>();
		// Validation runs before the unknown-key check and would hide it; a misspelt key
		// is
		// usually the cause of what validation reports, so it comes first.
		for (ConfigurationPropertyName name : unknownNames(unbound)) {
			N6kPropertyNames.Suggestion suggestion = N6kPropertyNames.suggest(name);
			if (suggestion.closest() != null) {
				descriptions.add(name + " is not an n6k property; did you mean " + suggestion.closest() + "?");
				actions.add("Rename " + name + " to " + suggestion.closest() + ".");
			}
			else {
				descriptions.add(name + " is not an n6k property.");
				actions.add("Remove " + name + (suggestion.known().isEmpty() ? "."
						: "; the keys there are " + String.join(", ", suggestion.known()) + "."));
			}
		}
		if (invalid != null) {
			for (ObjectError error : invalid.getValidationErrors()) {
				if (error instanceof N6kPropertyError n6k) {
					descriptions.add(n6k.getDefaultMessage());
					actions.add(n6k.getAction());
				}
				else {
					String field = (error instanceof FieldError fieldError) ? "n6k." + fieldError.getField() + ": "
							: "";
					descriptions.add(field + error.getDefaultMessage());
				}
			}
		}
		actions
			.add("n6k binds its properties strictly; its reference documentation (docs/reference.md) lists every key.");
		return new FailureAnalysis(String.join(System.lineSeparator(), descriptions),
				String.join(System.lineSeparator(), actions), failure);
	}

	private Set<ConfigurationPropertyName> unknownNames(@Nullable UnboundConfigurationPropertiesException unbound) {
		Set<ConfigurationPropertyName> names = new LinkedHashSet<>();
		if (unbound != null) {
			unbound.getUnboundProperties().forEach((property) -> names.add(property.getName()));
		}
		else if (this.environment != null) {
			UnboundElementsSourceFilter filter = new UnboundElementsSourceFilter();
			for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
				if (source instanceof IterableConfigurationPropertySource iterable && filter.apply(source)) {
					iterable.stream()
						.filter((name) -> ROOT.isAncestorOf(name) && !N6kPropertyNames.isKnown(name))
						.forEach(names::add);
				}
			}
		}
		return names;
	}

	private boolean isOurs(ConfigurationProperty property) {
		return ROOT.isAncestorOf(property.getName());
	}

	private static <E extends Throwable> @Nullable E find(Throwable failure, Class<E> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
