package io.n6k.access;

import java.security.Principal;
import java.util.Map;

/**
 * Supplies the named values row policies use ({@code $tenant} is the value named
 * {@code tenant}) for an authenticated principal. {@code $principal}, the principal's
 * name, is always there unless a bean maps it otherwise. Values are bound to the policy
 * as parameters, never spliced into SQL; use strings, numbers, booleans, UUIDs or dates.
 * A value a policy needs that is missing or {@code null} denies the verb
 * (PermissionException); it is never read as {@code NULL}.
 * <p>
 * The default reads the {@code attributes} of the static token
 * ({@code n6k.auth.tokens.<name>.attributes}) and the claims of a Spring Security JWT or
 * OAuth2 principal. Declare a bean of this type to replace it.
 *
 * @author n6k
 * @since 0.1.0
 */
@FunctionalInterface
public interface PolicyParameters {

	/** The parameter every principal has: its name. */
	String PRINCIPAL = "principal";

	/**
	 * Return the values of a principal, by parameter name (without {@code $}).
	 * @param principal the authenticated principal
	 * @return the values; names are matched case-insensitively
	 */
	Map<String, Object> parameters(Principal principal);

}
