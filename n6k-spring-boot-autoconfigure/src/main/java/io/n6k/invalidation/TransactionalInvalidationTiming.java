package io.n6k.invalidation;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Defers invalidations made inside a Spring-managed transaction until it commits, and
 * drops them when it rolls back: before the commit, other connections (and so clients)
 * cannot see the change yet, and after a rollback there is nothing to refetch.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class TransactionalInvalidationTiming implements InvalidationTiming {

	@Override
	public boolean defer(Runnable action) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()
				|| !TransactionSynchronizationManager.isActualTransactionActive()) {
			return false;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				action.run();
			}

		});
		return true;
	}

}
