package io.n6k.access;

import java.security.Principal;
import java.util.Map;

import io.n6k.backend.TableRef;
import org.jspecify.annotations.Nullable;

/**
 * Decides the row policies of a principal in a catalog that lists its tables
 * ({@code n6k.catalogs.<name>.permissions} and {@code .policies}). Called for every
 * request; return quickly. The default returns the configured policies unchanged. Declare
 * a bean of this type to vary them per principal, for example to give an administrator
 * every row of the configured tables: <pre class="code">
 * &#64;Bean
 * RowPolicyProvider adminSeesAll() {
 *     return (catalog, principal, configured) -&gt; {
 *         if (!isAdmin(principal)) {
 *             return configured;
 *         }
 *         Map&lt;TableRef, TablePolicy&gt; all = new LinkedHashMap&lt;&gt;();
 *         configured.keySet().forEach((table) -&gt; all.put(table, TablePolicy.READWRITE));
 *         return all;
 *     };
 * }
 * </pre> Tables absent from the result do not exist for the principal. Predicates a
 * provider makes up are bound when they are used, not at startup: a bad one fails the
 * request.
 *
 * @author n6k
 * @since 0.1.0
 */
@FunctionalInterface
public interface RowPolicyProvider {

	/** The provider that keeps the configuration. */
	RowPolicyProvider CONFIGURED = (catalog, principal, configured) -> configured;

	/**
	 * Return the policies of a principal.
	 * @param catalog the catalog
	 * @param principal the authenticated principal, or {@code null} for an anonymous
	 * session
	 * @param configured the configured policies, grants included as
	 * {@link TablePolicy#READ} and {@link TablePolicy#READWRITE}
	 * @return the policy per table
	 */
	Map<TableRef, TablePolicy> policies(String catalog, @Nullable Principal principal,
			Map<TableRef, TablePolicy> configured);

}
