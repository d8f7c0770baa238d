package io.n6k.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code n6k.request} observations; declare a bean of this type to
 * replace {@link DefaultN6kRequestObservationConvention}.
 *
 * @author n6k
 * @since 0.1.0
 */
public interface N6kRequestObservationConvention extends ObservationConvention<N6kRequestObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof N6kRequestObservationContext;
	}

}
