package io.n6k.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.n6k.client.ReceivedFrame;
import io.n6k.client.Response;
import org.junit.jupiter.api.Test;

import static io.n6k.test.N6kAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The response assertions pass on what they claim and fail, with a message that shows
 * what was received, on anything else.
 */
class ResponseAssertTests {

	@Test
	void errorAssertionsCheckTypeAndExactMessage() {
		Response refused = response(frame("t", 5L, "id", 1L, "exception_type", "PermissionException",
				"exception_message", "n6k: COPY is not allowed"));
		assertThat(refused).isError("PermissionException").isError("PermissionException", "n6k: COPY is not allowed");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(refused).isSuccess())
			.withMessageContaining("n6k: COPY is not allowed");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(refused).isError("CatalogException"))
			.withMessageContaining("PermissionException");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(refused).isError("PermissionException", "n6k: COPY"));
	}

	@Test
	void rowCountAssertionReadsTheTerminalFrame() {
		Response inserted = response(frame("t", 4L, "id", 1L, "rowcount", 3L));
		assertThat(inserted).isSuccess().hasRowCount(3);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(inserted).hasRowCount(2))
			.withMessageContaining("rowcount 2 but was 3");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(inserted).isError("IOException"))
			.withMessageContaining("succeeded");
	}

	@Test
	void rowAssertionsOnAResponseWithoutArrowFail() {
		Response ok = response(frame("t", 4L, "id", 1L));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(ok).hasRowCount(1));
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> assertThat(ok).hasRows(List.of(1)));
	}

	private static Response response(ReceivedFrame... frames) {
		return new Response(List.of(frames));
	}

	private static ReceivedFrame frame(Object... pairs) {
		Map<String, Object> header = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			header.put((String) pairs[i], pairs[i + 1]);
		}
		return new ReceivedFrame(header, new byte[0], new byte[0]);
	}

}
