package io.n6k.sample.conformance;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP requests seen since the last reset, keyed {@code "<METHOD> <path>"}.
 */
final class HttpCounts {

	private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

	void count(String method, String path) {
		this.counts.computeIfAbsent(method + " " + path, (key) -> new AtomicLong()).incrementAndGet();
	}

	Map<String, Long> snapshot() {
		Map<String, Long> snapshot = new TreeMap<>();
		this.counts.forEach((key, value) -> snapshot.put(key, value.get()));
		return snapshot;
	}

	void reset() {
		this.counts.clear();
	}

}
