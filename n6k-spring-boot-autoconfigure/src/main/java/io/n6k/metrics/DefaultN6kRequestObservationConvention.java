package io.n6k.metrics;

import io.micrometer.common.KeyValues;

/**
 * The default names and tags of n6k request observations: {@code n6k.request} with the
 * low-cardinality keys {@code op}, {@code catalog} and {@code outcome} (so the timer
 * Micrometer derives from it has those tags), and the high-cardinality keys
 * {@code n6k.rows}, {@code n6k.bytes} and {@code n6k.connection} (span attributes only).
 *
 * @author n6k
 * @since 0.1.0
 */
public class DefaultN6kRequestObservationConvention implements N6kRequestObservationConvention {

	/** The name of the observation and of the timer derived from it. */
	public static final String NAME = "n6k.request";

	/** The shared instance. */
	public static final DefaultN6kRequestObservationConvention INSTANCE = new DefaultN6kRequestObservationConvention();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(N6kRequestObservationContext context) {
		return "n6k " + context.getOp();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(N6kRequestObservationContext context) {
		return KeyValues.of("op", context.getOp(), "catalog", context.getCatalog(), "outcome", context.getOutcome());
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(N6kRequestObservationContext context) {
		return KeyValues.of("n6k.rows", Long.toString(context.getRows()), "n6k.bytes",
				Long.toString(context.getBytes()), "n6k.connection", context.getConnectionId());
	}

}
