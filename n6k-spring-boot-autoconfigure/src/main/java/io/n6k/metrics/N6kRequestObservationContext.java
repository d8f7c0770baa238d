package io.n6k.metrics;

import io.micrometer.observation.Observation;

/**
 * What an {@code n6k.request} observation knows about one request: its op, catalog and
 * connection when it starts; its outcome, rows and bytes when it ends.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class N6kRequestObservationContext extends Observation.Context {

	private final String op;

	private final String catalog;

	private final String connectionId;

	private String outcome = "UNKNOWN";

	private long rows;

	private long bytes;

	public N6kRequestObservationContext(String op, String catalog, String connectionId) {
		this.op = op;
		this.catalog = catalog;
		this.connectionId = connectionId;
	}

	/**
	 * Return the op, as named by {@link io.n6k.protocol.Op}.
	 * @return the op
	 */
	public String getOp() {
		return this.op;
	}

	public String getCatalog() {
		return this.catalog;
	}

	public String getConnectionId() {
		return this.connectionId;
	}

	/**
	 * Return how the request ended: {@code SUCCESS}, {@code ERROR}, {@code CANCELLED}, or
	 * {@code UNKNOWN} while it runs.
	 * @return the outcome
	 */
	public String getOutcome() {
		return this.outcome;
	}

	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

	/**
	 * Return the rows sent in Arrow batches.
	 * @return the rows
	 */
	public long getRows() {
		return this.rows;
	}

	public void setRows(long rows) {
		this.rows = rows;
	}

	/**
	 * Return the bytes of the frames queued for the request, its terminal frame included.
	 * @return the bytes
	 */
	public long getBytes() {
		return this.bytes;
	}

	public void setBytes(long bytes) {
		this.bytes = bytes;
	}

}
