package io.n6k.test;

import java.util.Arrays;
import java.util.List;

import io.n6k.client.Response;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on the {@link Response} to one n6k request: success or the closed-set error
 * it ended with, the rows changed, the Arrow rows streamed.
 *
 * @author n6k
 * @since 0.1.0
 */
public class ResponseAssert extends AbstractAssert<ResponseAssert, Response> {

	ResponseAssert(Response actual) {
		super(actual, ResponseAssert.class);
	}

	/**
	 * Verify that the request ended with RESP_END, not ERR.
	 * @return this
	 */
	public ResponseAssert isSuccess() {
		isNotNull();
		if (this.actual.isError()) {
			failWithMessage("Expected success but the request failed with %s: %s", this.actual.exceptionType(),
					this.actual.exceptionMessage());
		}
		return this;
	}

	/**
	 * Verify that the request ended with ERR of the given {@code exception_type}.
	 * @param exceptionType such as {@code PermissionException}
	 * @return this
	 */
	public ResponseAssert isError(String exceptionType) {
		isNotNull();
		if (!this.actual.isError()) {
			failWithMessage("Expected %s but the request succeeded (%s)", exceptionType, this.actual.terminal());
		}
		if (!exceptionType.equals(this.actual.exceptionType())) {
			failWithMessage("Expected %s but the request failed with %s: %s", exceptionType,
					this.actual.exceptionType(), this.actual.exceptionMessage());
		}
		return this;
	}

	/**
	 * Verify that the request ended with ERR of the given type and exact message.
	 * @param exceptionType such as {@code PermissionException}
	 * @param message the exact {@code exception_message}
	 * @return this
	 */
	public ResponseAssert isError(String exceptionType, String message) {
		isError(exceptionType);
		if (!message.equals(this.actual.exceptionMessage())) {
			failWithMessage("Expected %s message%n  \"%s\"%nbut was%n  \"%s\"", exceptionType, message,
					this.actual.exceptionMessage());
		}
		return this;
	}

	/**
	 * Verify that the request succeeded and reported this {@code rowcount} (INSERT,
	 * EXEC).
	 * @param rows the rows changed
	 * @return this
	 */
	public ResponseAssert hasRowCount(long rows) {
		isSuccess();
		Object count = this.actual.terminal().get("rowcount");
		if (!(count instanceof Number number) || number.longValue() != rows) {
			failWithMessage("Expected rowcount %s but was %s", rows, count);
		}
		return this;
	}

	/**
	 * Verify that the request streamed exactly these rows, in order, as decoded from its
	 * Arrow chunks.
	 * @param rows the expected rows
	 * @return this
	 */
	@SafeVarargs
	public final ResponseAssert hasRows(List<? extends @Nullable Object>... rows) {
		isSuccess();
		List<List<@Nullable Object>> actualRows = this.actual.arrow().rows();
		if (!actualRows.equals(Arrays.asList(rows))) {
			failWithMessage("Expected rows%n  %s%nbut were%n  %s", Arrays.asList(rows), actualRows);
		}
		return this;
	}

	/**
	 * Verify the names of the streamed columns.
	 * @param names the expected column names, in order
	 * @return this
	 */
	public ResponseAssert hasColumns(String... names) {
		isSuccess();
		List<String> actualNames = this.actual.arrow().columnNames();
		if (!actualNames.equals(List.of(names))) {
			failWithMessage("Expected columns %s but were %s", List.of(names), actualNames);
		}
		return this;
	}

}
