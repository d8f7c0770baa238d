package io.n6k.autoconfigure;

import java.math.BigDecimal;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.n6k.access.PolicyParameters;
import io.n6k.access.StaticTokenVerifier;

import org.springframework.util.ClassUtils;

/**
 * The default {@link PolicyParameters}: the {@code attributes} of the static token that
 * authenticated the principal ({@code n6k.auth.tokens.<name>.attributes}), and the scalar
 * claims of a Spring Security JWT or OAuth2 principal whose names are plain identifiers
 * ({@code tenant}, {@code org_id}). Claims that are lists, objects or instants are not
 * parameters.
 *
 * @author n6k
 */
final class N6kPolicyParameters implements PolicyParameters {

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private static final boolean OAUTH2_PRESENT = ClassUtils
		.isPresent("org.springframework.security.oauth2.core.ClaimAccessor", N6kPolicyParameters.class.getClassLoader())
			&& ClassUtils.isPresent("org.springframework.security.core.Authentication",
					N6kPolicyParameters.class.getClassLoader());

	private final Map<String, Map<String, Object>> tokenAttributes;

	N6kPolicyParameters(Map<String, Map<String, Object>> tokenAttributes) {
		this.tokenAttributes = Map.copyOf(tokenAttributes);
	}

	@Override
	public Map<String, Object> parameters(Principal principal) {
		Map<String, Object> values = new LinkedHashMap<>();
		if (OAUTH2_PRESENT) {
			OAuth2Claims.of(principal).forEach((name, value) -> add(values, name, value));
		}
		if (principal instanceof StaticTokenVerifier.TokenPrincipal token) {
			this.tokenAttributes.getOrDefault(token.name(), Map.of())
				.forEach((name, value) -> add(values, name, value));
		}
		return values;
	}

	private static void add(Map<String, Object> values, String name, Object value) {
		if (NAME.matcher(name).matches() && isScalar(value)) {
			values.put(name.toLowerCase(Locale.ROOT), value);
		}
	}

	private static boolean isScalar(Object value) {
		return value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
				|| value instanceof Double || value instanceof BigDecimal || value instanceof UUID;
	}

}
