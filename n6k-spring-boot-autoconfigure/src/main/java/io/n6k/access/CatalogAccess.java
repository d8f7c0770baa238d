package io.n6k.access;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.n6k.backend.TableRef;
import io.n6k.protocol.N6kException;
import org.jspecify.annotations.Nullable;

/**
 * What clients may do in one served catalog. Either the catalog is served whole (every
 * table readwrite, or read when the catalog is read-only; DDL allowed inside a writable
 * catalog), or only listed tables exist, each with its {@link TablePolicy} (the grants
 * {@code read} and {@code readwrite} are shorthand policies), and DDL is refused. Table
 * names match case-insensitively, as DuckDB identifiers do.
 * <p>
 * Row policies belong to a principal: {@link #forPrincipal} returns the view of one
 * session, with the policies its {@link RowPolicyProvider} gives and the values of its
 * parameters ({@link PolicyParameters}). Backends ask that view, per request.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class CatalogAccess {

	private final String catalog;

	private final boolean readOnly;

	private final @Nullable Map<String, Entry> tables;

	private final Map<String, List<String>> primaryKeys;

	private final RowPolicyProvider provider;

	private final @Nullable PolicyParameters parameterSource;

	private final @Nullable Principal principal;

	private final Map<String, Object> parameters;

	private final @Nullable CatalogAccess configured;

	private volatile @Nullable Object visibilityKey;

	private CatalogAccess(String catalog, boolean readOnly, @Nullable Map<String, Entry> tables,
			Map<String, List<String>> primaryKeys, RowPolicyProvider provider,
			@Nullable PolicyParameters parameterSource, @Nullable Principal principal, Map<String, Object> parameters,
			@Nullable CatalogAccess configured) {
		this.catalog = catalog;
		this.readOnly = readOnly;
		this.tables = tables;
		this.primaryKeys = primaryKeys;
		this.provider = provider;
		this.parameterSource = parameterSource;
		this.principal = principal;
		this.parameters = parameters;
		this.configured = configured;
	}

	/**
	 * Serve a catalog whole.
	 * @param catalog the catalog
	 * @param readOnly whether clients may only read
	 * @return the access
	 */
	public static CatalogAccess whole(String catalog, boolean readOnly) {
		return new CatalogAccess(catalog, readOnly, null, Map.of(), RowPolicyProvider.CONFIGURED, null, null, Map.of(),
				null);
	}

	/**
	 * Serve only granted tables.
	 * @param catalog the catalog
	 * @param readOnly whether the whole catalog is read-only (every grant acts as read)
	 * @param grants permission per table
	 * @param primaryKeys declared primary keys per table, overriding discovery
	 * @return the access
	 */
	public static CatalogAccess granted(String catalog, boolean readOnly, Map<TableRef, Permission> grants,
			Map<TableRef, List<String>> primaryKeys) {
		Map<TableRef, TablePolicy> policies = new LinkedHashMap<>();
		grants.forEach((table, permission) -> policies.put(table, TablePolicy.of(permission)));
		return listed(catalog, readOnly, policies, primaryKeys, RowPolicyProvider.CONFIGURED, null);
	}

	/**
	 * Serve only listed tables, each with its row policies.
	 * @param catalog the catalog
	 * @param readOnly whether the whole catalog is read-only (every policy loses its
	 * writes)
	 * @param policies policy per table, grants included as {@link TablePolicy#READ} and
	 * {@link TablePolicy#READWRITE}
	 * @param primaryKeys declared primary keys per table, overriding discovery
	 * @param provider decides the policies of each principal
	 * @param parameters supplies the values of each principal, or {@code null} when only
	 * {@code $principal} is known
	 * @return the access
	 */
	public static CatalogAccess listed(String catalog, boolean readOnly, Map<TableRef, TablePolicy> policies,
			Map<TableRef, List<String>> primaryKeys, RowPolicyProvider provider,
			@Nullable PolicyParameters parameters) {
		Map<String, List<String>> keys = new LinkedHashMap<>();
		primaryKeys.forEach((table, columns) -> keys.put(key(table.schema(), table.table()), List.copyOf(columns)));
		return new CatalogAccess(catalog, readOnly, entries(policies, readOnly), keys, provider, parameters, null,
				Map.of(), null);
	}

	private static Map<String, Entry> entries(Map<TableRef, TablePolicy> policies, boolean readOnly) {
		Map<String, Entry> byKey = new LinkedHashMap<>();
		policies.forEach((table, policy) -> byKey.put(key(table.schema(), table.table()),
				new Entry(table, readOnly ? policy.readOnly() : policy)));
		return byKey;
	}

	/**
	 * Return the view of one principal's session: the policies the
	 * {@link RowPolicyProvider} gives it and the values of its parameters. A catalog
	 * served whole has no policies and is its own view.
	 * @param principal the authenticated principal, or {@code null} when anonymous
	 * @return the view
	 */
	public CatalogAccess forPrincipal(@Nullable Principal principal) {
		CatalogAccess base = (this.configured != null) ? this.configured : this;
		if (base.tables == null) {
			return base;
		}
		Map<TableRef, TablePolicy> policies = base.provider.policies(base.catalog, principal, base.policies());
		Map<String, Object> values = new LinkedHashMap<>();
		if (principal != null) {
			values.put(PolicyParameters.PRINCIPAL, principal.getName());
			if (base.parameterSource != null) {
				base.parameterSource.parameters(principal)
					.forEach((name, value) -> values.put(name.toLowerCase(Locale.ROOT), value));
			}
		}
		return new CatalogAccess(base.catalog, base.readOnly, entries(policies, base.readOnly), base.primaryKeys,
				base.provider, base.parameterSource, principal, Collections.unmodifiableMap(values), base);
	}

	/**
	 * Return a value that is equal for two views showing the same tables with the same
	 * rules: the configured access and the principal's policies. Parameter values are not
	 * part of it, so answers that do not depend on them can be shared between principals.
	 * @return the key
	 */
	public Object visibilityKey() {
		Object key = this.visibilityKey;
		if (key == null) {
			CatalogAccess base = (this.configured != null) ? this.configured : this;
			// the configured access compares by identity; the policies by value
			key = List.of(base, policies());
			this.visibilityKey = key;
		}
		return key;
	}

	public String catalog() {
		return this.catalog;
	}

	/**
	 * Return whether only listed tables exist.
	 * @return whether grants or policies apply
	 */
	public boolean hasGrants() {
		return this.tables != null;
	}

	/**
	 * Return whether clients may only read.
	 * @return whether read-only
	 */
	public boolean readOnly() {
		return this.readOnly;
	}

	/**
	 * Return whether clients may create, alter and drop objects in the catalog.
	 * @return whether DDL is allowed
	 */
	public boolean allowsDdl() {
		return this.tables == null && !this.readOnly;
	}

	/**
	 * Return the policy of a table, empty when the table does not exist for clients. A
	 * catalog served whole gives {@link TablePolicy#READWRITE} (or
	 * {@link TablePolicy#READ} when read-only) for any name.
	 * @param table the table
	 * @return the policy
	 */
	public Optional<TablePolicy> policy(TableRef table) {
		return policy(table.schema(), table.table());
	}

	/**
	 * Return the policy of a table, empty when the table does not exist for clients.
	 * @param schema schema name
	 * @param table table name
	 * @return the policy
	 */
	public Optional<TablePolicy> policy(String schema, String table) {
		if (this.tables == null) {
			return Optional.of(this.readOnly ? TablePolicy.READ : TablePolicy.READWRITE);
		}
		Entry entry = this.tables.get(key(schema, table));
		return (entry != null) ? Optional.of(entry.policy()) : Optional.empty();
	}

	/**
	 * Return the listed tables and their policies (empty when the catalog is served
	 * whole).
	 * @return the policy per table
	 */
	public Map<TableRef, TablePolicy> policies() {
		Map<TableRef, TablePolicy> result = new LinkedHashMap<>();
		if (this.tables != null) {
			this.tables.values().forEach((entry) -> result.put(entry.table(), entry.policy()));
		}
		return result;
	}

	/**
	 * Return whether some table's rows are filtered: a policy other than {@code true} and
	 * absent, or, before {@link #forPrincipal}, a provider that decides per principal.
	 * @return whether a backend must enforce row predicates
	 */
	public boolean filtersRows() {
		if (this.tables == null) {
			return false;
		}
		if (this.configured == null && this.provider != RowPolicyProvider.CONFIGURED) {
			return true;
		}
		return this.tables.values().stream().anyMatch((entry) -> entry.policy().filtersRows());
	}

	/**
	 * Return the principal of this view.
	 * @return the principal, {@code null} when anonymous or not a view
	 */
	public @Nullable Principal principal() {
		return this.principal;
	}

	/**
	 * Return the values of this view's parameters, by lower-case name.
	 * @return the values
	 */
	public Map<String, Object> parameters() {
		return this.parameters;
	}

	/**
	 * Return the values a predicate needs, by lower-case parameter name.
	 * @param table the table, for the message
	 * @param verb the verb, for the message
	 * @param predicate the predicate
	 * @return the values
	 * @throws N6kException PermissionException when a value is missing or {@code null}: a
	 * missing value never reads as {@code NULL}
	 */
	public Map<String, Object> requireParameters(TableRef table, PolicyVerb verb, String predicate) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (String name : PolicyPredicates.parameters(predicate)) {
			Object value = this.parameters.get(name);
			if (value == null) {
				String who = (this.principal != null) ? "principal \"" + this.principal.getName() + "\""
						: "an anonymous session";
				throw N6kException.permission("n6k: the " + verb.value() + " policy of " + table.qualifiedName()
						+ " needs $" + name + ", which " + who + " does not have");
			}
			values.put(name, value);
		}
		return values;
	}

	/**
	 * Require that clients may use a verb on a table.
	 * @param table the table
	 * @param verb the verb
	 * @return the table's policy
	 * @throws N6kException CatalogException when the table is invisible,
	 * PermissionException when the verb is denied
	 */
	public TablePolicy requireVerb(TableRef table, PolicyVerb verb) {
		TablePolicy policy = policy(table).orElseThrow(() -> notFound(table.table()));
		if (!policy.allows(verb)) {
			if (verb != PolicyVerb.SELECT && policy.asPermission() == Permission.READ) {
				throw readOnlyTable(table.qualifiedName());
			}
			throw N6kException.permission("n6k: " + verb.name() + " on table \"" + table.qualifiedName()
					+ "\" is not allowed (no " + verb.value() + " policy)");
		}
		return policy;
	}

	/**
	 * Return the permission on a table, or {@code null} when the table does not exist for
	 * clients. A policy that is not exactly a grant reads as {@code read} when it allows
	 * select or no verb at all; callers that enforce verbs ask {@link #policy} instead.
	 * @param schema schema name
	 * @param table table name
	 * @return the permission or {@code null}
	 */
	public @Nullable Permission permission(String schema, String table) {
		Optional<TablePolicy> policy = policy(schema, table);
		if (policy.isEmpty()) {
			return null;
		}
		return (policy.get().asPermission() == Permission.READWRITE) ? Permission.READWRITE : Permission.READ;
	}

	/**
	 * Return the tables granted by {@code read} or {@code readwrite} exactly (empty when
	 * the catalog is served whole); tables with other policies are in {@link #policies}.
	 * @return the tables and their permissions
	 */
	public Map<TableRef, Permission> grants() {
		Map<TableRef, Permission> result = new LinkedHashMap<>();
		if (this.tables != null) {
			this.tables.values().forEach((entry) -> {
				Permission permission = entry.policy().asPermission();
				if (permission != null) {
					result.put(entry.table(), permission);
				}
			});
		}
		return result;
	}

	/**
	 * Return the declared primary key of a table, if any.
	 * @param schema schema name
	 * @param table table name
	 * @return the key columns
	 */
	public Optional<List<String>> primaryKey(String schema, String table) {
		return Optional.ofNullable(this.primaryKeys.get(key(schema, table)));
	}

	/**
	 * Require that a table exists for clients.
	 * @param table the table
	 * @return its permission
	 * @throws N6kException CatalogException worded like DuckDB's when it does not
	 */
	public Permission requireVisible(TableRef table) {
		Permission permission = permission(table.schema(), table.table());
		if (permission == null) {
			throw notFound(table.table());
		}
		return permission;
	}

	/**
	 * Require that clients may write a table.
	 * @param table the table
	 * @throws N6kException CatalogException when invisible, PermissionException when
	 * read-only
	 */
	public void requireWritable(TableRef table) {
		Permission permission = requireVisible(table);
		if (permission != Permission.READWRITE) {
			throw readOnlyTable(table.schema() + "." + table.table());
		}
	}

	/**
	 * Require that clients may change the catalog's structure.
	 * @param what the statement, such as {@code CREATE TABLE}
	 * @throws N6kException PermissionException when they may not
	 */
	public void requireDdl(String what) {
		if (this.tables != null) {
			throw N6kException.permission("n6k: " + what + " is not allowed on catalog \"" + this.catalog
					+ "\": it serves granted tables only");
		}
		if (this.readOnly) {
			throw N6kException
				.permission("n6k: " + what + " is not allowed on catalog \"" + this.catalog + "\": it is read-only");
		}
	}

	/**
	 * The error for a table that does not exist for clients, worded like DuckDB's.
	 * @param table the table name
	 * @return a CatalogException
	 */
	public static N6kException notFound(String table) {
		return new NotGrantedException(table);
	}

	/**
	 * The error for a write to a table clients may only read.
	 * @param qualifiedName {@code schema.table}
	 * @return a PermissionException
	 */
	public N6kException readOnlyTable(String qualifiedName) {
		if (this.readOnly && this.tables == null) {
			return N6kException.permission("n6k: catalog \"" + this.catalog + "\" is read-only");
		}
		return N6kException.permission("table \"" + qualifiedName + "\" is read-only (permission 'read')");
	}

	/**
	 * Filter a list of schemas down to those clients can see.
	 * @param schemas schema names
	 * @return the visible ones, in the same order
	 */
	public List<String> visibleSchemas(List<String> schemas) {
		if (this.tables == null) {
			return schemas;
		}
		List<String> result = new ArrayList<>();
		for (String schema : schemas) {
			for (Entry entry : this.tables.values()) {
				if (entry.table().schema().equalsIgnoreCase(schema)) {
					result.add(schema);
					break;
				}
			}
		}
		return result;
	}

	private static String key(String schema, String table) {
		return schema.toLowerCase(Locale.ROOT) + "\u0000" + table.toLowerCase(Locale.ROOT);
	}

	private record Entry(TableRef table, TablePolicy policy) {
	}

}
