package io.n6k.access;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.n6k.backend.TableRef;
import org.jspecify.annotations.Nullable;

/**
 * Reads row policies as configured: per {@code schema.table} (a bare {@code table} means
 * {@code main.table}), the verbs {@code select}, {@code insert}, {@code update} and
 * {@code delete}, each {@code true} or a predicate; {@code update} is a predicate (its
 * {@code using}, also its {@code check}) or {@code {using, check}}. Both the bracketed
 * ({@code "[main.orders]"}) and the plain YAML key ({@code main.orders}, which binds as
 * nested maps) are understood. Messages name the offending entry, so that a caller can
 * prefix the property it came from.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class Policies {

	private static final Set<String> VERBS = Set.of("select", "insert", "update", "delete");

	private Policies() {
	}

	/**
	 * Parse a policies map as bound from the configuration.
	 * @param policies key to verbs, possibly nested by schema
	 * @return policy per table, in configuration order
	 * @throws IllegalArgumentException for a bad entry
	 */
	public static Map<TableRef, TablePolicy> parse(Map<String, ?> policies) {
		Map<TableRef, TablePolicy> result = new LinkedHashMap<>();
		policies.forEach((key, value) -> {
			if (isVerbs(value)) {
				put(result, Grants.table(key), key, (Map<?, ?>) value);
			}
			else if (value instanceof Map<?, ?> tables && !tables.isEmpty() && key.indexOf('.') < 0) {
				tables.forEach((table, verbs) -> {
					String entry = key + "." + table;
					if (!isVerbs(verbs)) {
						throw new IllegalArgumentException(entry + ": " + noVerbs());
					}
					put(result, Grants.table(entry), entry, (Map<?, ?>) verbs);
				});
			}
			else {
				throw new IllegalArgumentException(key + ": " + noVerbs());
			}
		});
		return result;
	}

	private static void put(Map<TableRef, TablePolicy> result, TableRef table, String entry, Map<?, ?> verbs) {
		for (TableRef existing : result.keySet()) {
			if (existing.qualifiedName().equalsIgnoreCase(table.qualifiedName())) {
				throw new IllegalArgumentException(entry + ": the table has two policy entries");
			}
		}
		try {
			String using = null;
			String check = null;
			Object update = verbs.get("update");
			if (update instanceof Map<?, ?> parts) {
				for (Object part : parts.keySet()) {
					if (!"using".equals(part) && !"check".equals(part)) {
						throw new IllegalArgumentException(
								"update." + part + " is not a part of an update policy; use using and check");
					}
				}
				using = predicate("update.using", parts.get("using"));
				check = predicate("update.check", parts.get("check"));
			}
			else {
				using = predicate("update", update);
			}
			result.put(table, new TablePolicy(predicate("select", verbs.get("select")),
					predicate("insert", verbs.get("insert")), using, check, predicate("delete", verbs.get("delete"))));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(entry + ": " + ex.getMessage(), ex);
		}
	}

	private static @Nullable String predicate(String verb, @Nullable Object value) {
		if (value == null || Boolean.FALSE.equals(value)) {
			return null;
		}
		if (Boolean.TRUE.equals(value)) {
			return TablePolicy.TRUE;
		}
		if (value instanceof String text) {
			if (text.strip().equalsIgnoreCase("false")) {
				return null;
			}
			try {
				PolicyPredicates.validate(text);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(verb + ": " + ex.getMessage(), ex);
			}
			return text;
		}
		throw new IllegalArgumentException(verb + " must be true or a predicate");
	}

	private static boolean isVerbs(@Nullable Object value) {
		if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
			return false;
		}
		for (Object key : map.keySet()) {
			if (!(key instanceof String name) || !VERBS.contains(name)) {
				return false;
			}
		}
		return true;
	}

	private static String noVerbs() {
		return "set select, insert, update or delete (each true or a predicate) for a table named schema.table";
	}

}
