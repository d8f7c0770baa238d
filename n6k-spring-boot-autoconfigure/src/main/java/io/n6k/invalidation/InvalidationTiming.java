package io.n6k.invalidation;

/**
 * Decides when an invalidation runs: at once, or later (after the surrounding transaction
 * commits, so that clients refetch what they can already see).
 *
 * @author n6k
 * @since 0.1.0
 */
@FunctionalInterface
public interface InvalidationTiming {

	/** Every invalidation runs at once. */
	InvalidationTiming IMMEDIATE = (action) -> false;

	/**
	 * Defer an invalidation if it must wait.
	 * @param action the invalidation
	 * @return {@code true} when the action was deferred (and will run later, or never if
	 * the work it follows is rolled back); {@code false} when the caller must run it now
	 */
	boolean defer(Runnable action);

}
