package io.n6k.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains an n6k configuration that cannot work. Ordered after
 * {@link DuckDbLockedFailureAnalyzer}, whose advice is more specific.
 *
 * @author n6k
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class N6kConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<N6kConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, N6kConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
