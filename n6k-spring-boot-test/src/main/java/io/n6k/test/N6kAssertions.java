package io.n6k.test;

import io.n6k.client.Response;

/**
 * Entry point of the n6k assertions, next to AssertJ's:
 * {@code assertThat(client.call(1, 7, Map.of("sql", "SELECT 42"))).hasRows(List.of(42))}.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class N6kAssertions {

	private N6kAssertions() {
	}

	/**
	 * Start assertions on the response to a request.
	 * @param response the response
	 * @return the assertions
	 */
	public static ResponseAssert assertThat(Response response) {
		return new ResponseAssert(response);
	}

}
