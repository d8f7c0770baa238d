package io.n6k.autoconfigure;

import java.util.Map;

import io.n6k.access.Grants;
import io.n6k.access.Permission;
import io.n6k.access.Policies;
import io.n6k.access.TablePolicy;
import io.n6k.backend.TableRef;
import org.jspecify.annotations.Nullable;

import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;

/**
 * Checks {@code n6k.*} while it binds, before any database opens, and reports each
 * mistake in the words of the configuration ({@link N6kPropertyError}).
 *
 * @author n6k
 */
final class N6kPropertiesValidator {

	private N6kPropertiesValidator() {
	}

	static void validate(N6kProperties properties, Errors errors) {
		properties.getCatalogs().forEach((name, catalog) -> validateCatalog("n6k.catalogs." + name, catalog, errors));
		properties.getAuth().getTokens().forEach((name, token) -> {
			if (token.getValue() == null || token.getValue().isEmpty()) {
				reject(errors, "n6k.auth.tokens." + name + ".value is empty.",
						"Give every token under n6k.auth.tokens a non-empty value.");
			}
		});
		if (properties.getDuckdb().getMaxIdleConnections() < 0) {
			reject(errors, "n6k.duckdb.max-idle-connections is negative.",
					"Set n6k.duckdb.max-idle-connections to 0 (a connection per request) or more.");
		}
	}

	private static void validateCatalog(String property, N6kProperties.Catalog catalog, Errors errors) {
		Map<String, String> permissions = catalog.getPermissions();
		Map<String, Object> policies = catalog.getPolicies();
		// A served catalog says what it serves in exactly one way: listed tables
		// (permissions, policies or both) or access: all.
		if (permissions == null && policies == null && catalog.getAccess() == null) {
			reject(errors, property + " does not say what it serves: it sets neither permissions nor access.",
					"List the tables clients may use under " + property + ".permissions (\"schema.table\": read or "
							+ "readwrite) or " + property + ".policies (row policies per verb), or set " + property
							+ ".access: all to serve the whole catalog.");
		}
		else if (permissions != null && catalog.getAccess() != null) {
			reject(errors, property + " sets both permissions and access.",
					"Keep " + property + ".permissions to serve only the listed tables, or " + property
							+ ".access: all to serve the whole catalog, not both.");
		}
		else if (policies != null && catalog.getAccess() != null) {
			reject(errors, property + " sets both policies and access.",
					"Row policies need a list of tables: remove " + property + ".access to serve only the tables of "
							+ property + ".policies (and " + property + ".permissions), or remove " + property
							+ ".policies to serve the whole catalog.");
		}
		if (permissions != null) {
			if (permissions.isEmpty() && policies == null) {
				reject(errors, property + ".permissions grants no table.", "Grant at least one table in " + property
						+ ".permissions, or replace it with " + property + ".access: all to serve the whole catalog.");
			}
			permissions.forEach((key, value) -> {
				String entry = property + ".permissions." + key;
				table(entry, key, errors);
				if (Permission.parse(value) == null) {
					reject(errors, entry + ": " + Grants.notAPermission(value),
							"Grant each table of " + property + ".permissions read or readwrite.");
				}
			});
		}
		if (policies != null) {
			validatePolicies(property, policies, permissions, errors);
		}
		catalog.getPrimaryKeys().forEach((key, columns) -> {
			String entry = property + ".primary-keys." + key;
			table(entry, key, errors);
			if (columns.isEmpty() || columns.stream().anyMatch(String::isBlank)) {
				reject(errors, entry + ": names no column.", "List the key columns of each table in " + property
						+ ".primary-keys, such as \"main.orders\": [id].");
			}
		});
	}

	private static void validatePolicies(String property, Map<String, Object> policies,
			@Nullable Map<String, String> permissions, Errors errors) {
		Map<TableRef, TablePolicy> parsed;
		try {
			parsed = Policies.parse(policies);
		}
		catch (IllegalArgumentException ex) {
			reject(errors, property + ".policies." + ex.getMessage(), "Give each table of " + property
					+ ".policies its verbs (select, insert, update, delete), each "
					+ "true or a DuckDB predicate, such as \"main.orders\": { select: \"tenant_id = $tenant\" }.");
			return;
		}
		if (parsed.isEmpty()) {
			reject(errors, property + ".policies lists no table.",
					"Give at least one table its policies in " + property + ".policies, or remove it.");
		}
		if (permissions == null) {
			return;
		}
		permissions.keySet().forEach((key) -> {
			TableRef granted;
			try {
				granted = Grants.table(key);
			}
			catch (IllegalArgumentException ex) {
				return;
			}
			for (TableRef table : parsed.keySet()) {
				if (table.qualifiedName().equalsIgnoreCase(granted.qualifiedName())) {
					reject(errors,
							property + " lists " + table.qualifiedName() + " under both permissions and policies.",
							"Keep " + table.qualifiedName() + " in one place: remove it from " + property
									+ ".permissions and write its grant as policies (read is { select: true }, "
									+ "readwrite is all four verbs true), or remove it from " + property
									+ ".policies.");
				}
			}
		});
	}

	private static void table(String entry, String key, Errors errors) {
		try {
			Grants.table(key);
		}
		catch (IllegalArgumentException ex) {
			reject(errors, entry + ": " + ex.getMessage(),
					"Name tables as \"schema.table\" (quote the key in YAML), or as \"table\" for main.table.");
		}
	}

	private static void reject(Errors errors, String message, String action) {
		if (errors instanceof BindingResult result) {
			result.addError(new N6kPropertyError(errors.getObjectName(), message, action));
		}
		else {
			errors.reject("n6k", message);
		}
	}

}
