package io.n6k.sample.conformance;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.metrics.N6kStats;
import io.n6k.protocol.Op;
import io.n6k.server.LiveConnection;
import io.n6k.server.N6kServer;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The conformance control plane (protocol §9.2). It exists only under the
 * {@code conformance} profile.
 */
@RestController
@Profile("conformance")
class DebugController {

	private final N6kServer server;

	private final HttpCounts http;

	DebugController(N6kServer server, HttpCounts http) {
		this.server = server;
		this.http = http;
	}

	@GetMapping("/debug/counts")
	Map<String, Object> counts() {
		N6kStats stats = this.server.stats();
		Map<String, Object> ws = new LinkedHashMap<>();
		ws.put("credit_pauses", stats.liveCreditPauses());
		ws.put("cancels", stats.liveCancels());
		ws.put("connections", stats.liveConnections());
		ws.put("requests_handled", stats.liveRequests());
		// an addition to the reference's counts: finished requests per op since startup,
		// so a
		// test can tell an AGGREGATE from a SCAN
		Map<String, Long> ops = new LinkedHashMap<>();
		for (Op op : Op.values()) {
			if (op != Op.CATALOG_INVALIDATED) {
				long finished = 0;
				for (N6kStats.Outcome outcome : N6kStats.Outcome.values()) {
					finished += stats.requestsCompleted(op, outcome);
				}
				ops.put(op.name(), finished);
			}
		}
		ws.put("requests_by_op", ops);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("http", this.http.snapshot());
		body.put("ws", ws);
		return body;
	}

	@PostMapping("/debug/counts/reset")
	Map<String, Object> reset() {
		this.http.reset();
		return Map.of("ok", true);
	}

	@PostMapping("/debug/server_exec")
	Map<String, Object> serverExec(@RequestParam String catalog, @RequestParam String sql) {
		int handlers = 0;
		for (LiveConnection connection : this.server.connections().serving(catalog)) {
			DuckDbDatabase database = database(connection);
			if (database == null) {
				continue;
			}
			try {
				database.execute(sql);
				handlers++;
			}
			catch (Exception ex) {
				// DuckDB errors are swallowed: the count says where it worked
			}
		}
		return Map.of("handlers", handlers);
	}

	@GetMapping("/debug/server_query")
	Map<String, Object> serverQuery(@RequestParam String catalog, @RequestParam String sql) {
		List<LiveConnection> connections = this.server.connections().serving(catalog);
		List<List<@Nullable Object>> rows = List.of();
		for (LiveConnection connection : connections) {
			DuckDbDatabase database = database(connection);
			if (database == null) {
				continue;
			}
			try {
				rows = json(database.query(sql));
				break;
			}
			catch (Exception ex) {
				// try the next connection
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("handlers", connections.size());
		body.put("rows", rows);
		return body;
	}

	@PostMapping("/debug/push_invalidate")
	Map<String, Object> pushInvalidate(@RequestParam String catalog, @RequestParam String schemas) {
		List<String> names = new ArrayList<>();
		for (String name : schemas.split(",")) {
			if (!name.isBlank()) {
				names.add(name.strip());
			}
		}
		int handlers = 0;
		int sent = 0;
		if (!names.isEmpty()) {
			for (LiveConnection connection : this.server.connections().serving(catalog)) {
				int frames = connection.pushInvalidation(catalog, names);
				if (frames > 0) {
					handlers++;
					sent += frames;
				}
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("handlers", handlers);
		body.put("sent", sent);
		return body;
	}

	@PostMapping("/debug/ws/close_all")
	Map<String, Object> closeAll() {
		List<LiveConnection> connections = this.server.connections().all();
		connections.forEach((connection) -> connection.close(1011, "forced close"));
		return Map.of("closed", connections.size());
	}

	@RequestMapping("/**")
	ResponseEntity<Map<String, Object>> notFound() {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("detail", "Not Found"));
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<Map<String, Object>> missingParameter(MissingServletRequestParameterException ex) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("type", "missing");
		detail.put("loc", List.of("query", ex.getParameterName()));
		detail.put("msg", "Field required");
		return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(Map.of("detail", List.of(detail)));
	}

	private static @Nullable DuckDbDatabase database(LiveConnection connection) {
		return connection.backend()
			.filter(ConformanceBackend.class::isInstance)
			.map((backend) -> ((ConformanceBackend) backend).database())
			.orElse(null);
	}

	private static List<List<@Nullable Object>> json(List<List<@Nullable Object>> rows) {
		List<List<@Nullable Object>> result = new ArrayList<>();
		for (List<@Nullable Object> row : rows) {
			List<@Nullable Object> values = new ArrayList<>();
			for (Object value : row) {
				values.add((value == null || value instanceof Boolean || value instanceof String
						|| value instanceof Integer || value instanceof Long || value instanceof Double
						|| value instanceof BigInteger || value instanceof BigDecimal) ? value : String.valueOf(value));
			}
			result.add(values);
		}
		return result;
	}

}
