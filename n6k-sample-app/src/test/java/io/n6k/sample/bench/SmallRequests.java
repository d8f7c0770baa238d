package io.n6k.sample.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.client.Response;

/**
 * The mixed small requests of issue 10: {@code CATALOG_LIST}, {@code TABLES_LIST}, a
 * 3-row filtered {@code SCAN} of {@code main.users}, {@code QUERY SELECT 42} and
 * {@code PING}, in turn. Each runs to its terminal frame, crediting data chunks as the
 * native client does.
 *
 * @author n6k
 */
final class SmallRequests {

	static final String[] NAMES = { "catalog_list", "tables_list", "scan3", "select42", "ping" };

	private static final Map<String, Object> SCAN_ARGS = Map.of("schema", "main", "table", "users", "filters",
			List.of(List.of("id", ">=", 1)));

	private SmallRequests() {
	}

	/**
	 * Run request {@code kind} (0..4) with id {@code id}.
	 * @return whether it succeeded with the expected answer
	 */
	static boolean run(N6kClient client, long id, int kind, Duration timeout) {
		if (kind == 4) {
			client.ping(id);
			ReceivedFrame pong = client.poll((f) -> f.type() == 10 && f.id() != null && f.id() == id, timeout);
			return pong != null;
		}
		switch (kind) {
			case 0 -> client.request(id, 1, Map.of());
			case 1 -> client.request(id, 2, Map.of());
			case 2 -> client.request(id, 4, SCAN_ARGS);
			default -> client.request(id, 7, Map.of("sql", "SELECT 42"));
		}
		Response response = client.collect(id, 0, timeout, true);
		if (response.isError()) {
			return false;
		}
		if (kind == 2 || kind == 3) {
			return response.dataChunks() == 1;
		}
		return true;
	}

}
