package io.n6k.access;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A table's row policies for one principal, one predicate per verb as in PostgreSQL's
 * {@code CREATE POLICY}. An absent predicate denies the verb; {@code true} allows it on
 * every row. Predicates are DuckDB boolean expressions over the table's columns; they
 * name per-principal values in DuckDB's {@code $name} form ({@code $tenant},
 * {@code $principal}), which are always bound, never spliced into SQL.
 * <p>
 * The grants are shorthands: {@link #READ} ({@code read}) and {@link #READWRITE}
 * ({@code readwrite}).
 *
 * @param select which rows exist for the principal, or {@code null} when it may not read
 * @param insert what every inserted row must satisfy, or {@code null} when it may not
 * insert
 * @param updateUsing which rows an update matches, or {@code null} when it may not update
 * @param updateCheck what every updated row must satisfy afterwards; defaults to
 * {@code updateUsing}
 * @param delete which rows a delete removes, or {@code null} when it may not delete
 * @author n6k
 * @since 0.1.0
 */
public record TablePolicy(@Nullable String select, @Nullable String insert, @Nullable String updateUsing,
		@Nullable String updateCheck, @Nullable String delete) {

	/** The predicate that holds for every row. */
	public static final String TRUE = "true";

	/** The {@code read} grant: every row may be read, nothing written. */
	public static final TablePolicy READ = new TablePolicy(TRUE, null, null, null, null);

	/** The {@code readwrite} grant: every verb on every row. */
	public static final TablePolicy READWRITE = new TablePolicy(TRUE, TRUE, TRUE, TRUE, TRUE);

	/**
	 * Create a policy; blank predicates count as absent, {@code true} in any case is
	 * spelled {@value #TRUE}, and an update without a check checks its {@code using}.
	 * @throws IllegalArgumentException when {@code updateCheck} is set without
	 * {@code updateUsing}, or a predicate is not usable
	 * ({@link PolicyPredicates#validate})
	 */
	public TablePolicy {
		select = normalize(select);
		insert = normalize(insert);
		updateUsing = normalize(updateUsing);
		updateCheck = normalize(updateCheck);
		delete = normalize(delete);
		if (updateCheck != null && updateUsing == null) {
			throw new IllegalArgumentException("update.check needs update.using (the rows an update may match)");
		}
		if (updateCheck == null) {
			updateCheck = updateUsing;
		}
		for (String predicate : new String[] { select, insert, updateUsing, updateCheck, delete }) {
			if (predicate != null) {
				PolicyPredicates.validate(predicate);
			}
		}
	}

	/**
	 * Return the predicate of a verb; for {@link PolicyVerb#UPDATE} its {@code using}.
	 * @param verb the verb
	 * @return the predicate, empty when the verb is denied
	 */
	public Optional<String> predicate(PolicyVerb verb) {
		return Optional.ofNullable(switch (verb) {
			case SELECT -> this.select;
			case INSERT -> this.insert;
			case UPDATE -> this.updateUsing;
			case DELETE -> this.delete;
		});
	}

	/**
	 * Return whether a verb is allowed at all.
	 * @param verb the verb
	 * @return whether it has a predicate
	 */
	public boolean allows(PolicyVerb verb) {
		return predicate(verb).isPresent();
	}

	/**
	 * Return whether a verb is allowed on every row ({@code true}; for UPDATE both
	 * {@code using} and {@code check}).
	 * @param verb the verb
	 * @return whether it is unrestricted
	 */
	public boolean unrestricted(PolicyVerb verb) {
		boolean result = predicate(verb).map(TRUE::equals).orElse(false);
		return (verb == PolicyVerb.UPDATE) ? result && TRUE.equals(this.updateCheck) : result;
	}

	/**
	 * Return whether any allowed verb is limited to some rows, that is whether enforcing
	 * this policy needs more than per-verb yes or no.
	 * @return whether a predicate other than {@code true} is present
	 */
	public boolean filtersRows() {
		for (PolicyVerb verb : PolicyVerb.values()) {
			if (allows(verb) && !unrestricted(verb)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the grant this policy is exactly equal to, if any.
	 * @return {@link Permission#READ}, {@link Permission#READWRITE} or {@code null}
	 */
	public @Nullable Permission asPermission() {
		if (equals(READ)) {
			return Permission.READ;
		}
		if (equals(READWRITE)) {
			return Permission.READWRITE;
		}
		return null;
	}

	/**
	 * Return the policy of a grant.
	 * @param permission the grant
	 * @return {@link #READ} or {@link #READWRITE}
	 */
	public static TablePolicy of(Permission permission) {
		return (permission == Permission.READWRITE) ? READWRITE : READ;
	}

	/**
	 * Return the names of the parameters ({@code $name}) the predicates use, without the
	 * {@code $}, lower case, in order of first use.
	 * @return the names
	 */
	public Set<String> parameters() {
		Set<String> names = new LinkedHashSet<>();
		for (String predicate : new String[] { this.select, this.insert, this.updateUsing, this.updateCheck,
				this.delete }) {
			if (predicate != null) {
				names.addAll(PolicyPredicates.parameters(predicate));
			}
		}
		return names;
	}

	/**
	 * Return this policy with the writes removed, for a catalog clients may only read.
	 * @return the read part
	 */
	public TablePolicy readOnly() {
		return new TablePolicy(this.select, null, null, null, null);
	}

	private static @Nullable String normalize(@Nullable String predicate) {
		if (predicate == null || predicate.isBlank()) {
			return null;
		}
		String trimmed = predicate.strip();
		return trimmed.toLowerCase(Locale.ROOT).equals(TRUE) ? TRUE : trimmed;
	}

}
