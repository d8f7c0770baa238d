package io.n6k.duckdb;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.n6k.access.CatalogAccess;
import io.n6k.access.PolicyPredicates;
import io.n6k.access.PolicyVerb;
import io.n6k.access.TablePolicy;
import io.n6k.backend.TableRef;
import io.n6k.protocol.N6kException;

/**
 * Turns row policies into DuckDB SQL without ever splicing a value into it: each
 * {@code $name} of a predicate becomes {@code getvariable('n6k_p_name')}, and the values
 * are set on the request's own connection with a bound {@code SET VARIABLE} before the
 * statement runs. Variables are per connection, so concurrent requests of different
 * principals never see each other's values; clients cannot set or read them because the
 * {@link SqlGuard} refuses {@code SET}, {@code RESET} and {@code getvariable}.
 * <p>
 * One binding collects the values of every predicate a request uses; {@link #apply} sets
 * them all.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class PolicyBinding {

	/** The prefix of the DuckDB variables that hold policy parameters. */
	public static final String VARIABLE_PREFIX = "n6k_p_";

	/** The SQL of a predicate that holds for every row. */
	public static final String UNRESTRICTED = "(" + TablePolicy.TRUE + ")";

	private final CatalogAccess access;

	private final Map<String, Object> values = new LinkedHashMap<>();

	/**
	 * Create a binding for one request.
	 * @param access the principal's view ({@link CatalogAccess#forPrincipal})
	 */
	public PolicyBinding(CatalogAccess access) {
		this.access = access;
	}

	/**
	 * Return the SQL of a table's predicate for a verb (for UPDATE its {@code using}),
	 * and remember the values it needs.
	 * @param table the table
	 * @param verb the verb
	 * @return a parenthesised boolean expression; {@link #UNRESTRICTED} when every row
	 * passes
	 * @throws N6kException CatalogException when the table is invisible,
	 * PermissionException when the verb is denied or a value is missing
	 */
	public String predicate(TableRef table, PolicyVerb verb) {
		TablePolicy policy = this.access.requireVerb(table, verb);
		return bound(table, verb, policy.predicate(verb).orElseThrow());
	}

	/**
	 * Return the SQL of a table's UPDATE {@code check}, and remember the values it needs.
	 * @param table the table
	 * @return a parenthesised boolean expression
	 * @throws N6kException as {@link #predicate}
	 */
	public String updateCheck(TableRef table) {
		TablePolicy policy = this.access.requireVerb(table, PolicyVerb.UPDATE);
		String check = policy.updateCheck();
		return bound(table, PolicyVerb.UPDATE, (check != null) ? check : TablePolicy.TRUE);
	}

	private String bound(TableRef table, PolicyVerb verb, String predicate) {
		if (TablePolicy.TRUE.equals(predicate)) {
			return UNRESTRICTED;
		}
		this.access.requireParameters(table, verb, predicate).forEach((name, value) -> {
			requireBindable(name, value);
			this.values.put(name, value);
		});
		return "(" + sql(predicate) + ")";
	}

	/**
	 * Return the values collected so far, by parameter name.
	 * @return the values
	 */
	public Map<String, Object> values() {
		return Collections.unmodifiableMap(this.values);
	}

	/**
	 * Return whether {@link #apply} sets anything on a connection.
	 * @return whether there are values to set
	 */
	public boolean hasValues() {
		return !this.values.isEmpty();
	}

	/**
	 * Set the collected values on a connection; run before the statement that uses them,
	 * on the same connection.
	 * @param connection the request's connection
	 * @throws SQLException when DuckDB refuses a value
	 */
	public void apply(Connection connection) throws SQLException {
		for (Map.Entry<String, Object> entry : this.values.entrySet()) {
			try (PreparedStatement statement = connection
				.prepareStatement("SET VARIABLE " + SqlRendering.identifier(variable(entry.getKey())) + " = ?")) {
				statement.setObject(1, entry.getValue());
				statement.execute();
			}
		}
	}

	/**
	 * Rewrite a predicate's parameters as DuckDB variables, without binding anything (at
	 * startup, unset variables read as {@code NULL}, which binds against any type).
	 * @param predicate the predicate
	 * @return the SQL
	 */
	public static String sql(String predicate) {
		return PolicyPredicates.rewrite(predicate,
				(name) -> "getvariable(" + SqlRendering.string(variable(name)) + ")");
	}

	/**
	 * Return the DuckDB variable of a parameter.
	 * @param name the parameter name, lower case
	 * @return the variable name
	 */
	public static String variable(String name) {
		return VARIABLE_PREFIX + name;
	}

	private static void requireBindable(String name, Object value) {
		if (value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
				|| value instanceof Short || value instanceof Byte || value instanceof Double || value instanceof Float
				|| value instanceof BigDecimal || value instanceof UUID || value instanceof LocalDate
				|| value instanceof LocalDateTime || value instanceof OffsetDateTime) {
			return;
		}
		throw N6kException.permission("n6k: policy parameter $" + name + " is a " + value.getClass().getSimpleName()
				+ ", which cannot be bound; supply a string, number, boolean, UUID or date");
	}

}
