package io.n6k.client;

/**
 * The outcome of {@link N6kClient#stream}: the terminal frame and what arrived before it.
 *
 * @param terminal the terminal frame ({@code RESP_END} or {@code ERR})
 * @param rows rows received
 * @param batches record batches received
 * @param bytes Arrow bytes received (chunk and schema bodies)
 * @author n6k
 * @since 0.1.0
 */
public record ArrowStreamResult(ReceivedFrame terminal, long rows, long batches, long bytes) {

	/**
	 * Return whether the request failed.
	 * @return whether the terminal frame is ERR
	 */
	public boolean isError() {
		return this.terminal.type() == 5;
	}

}
