package io.n6k.sample.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;

/**
 * What the hand-run benchmarks share: another process's CPU time and RSS from
 * {@code /proc}, this JVM's CPU time, percentiles, a connect that waits for the
 * unprompted {@code HELLO_ACK}, and one JSON result line per measurement (the format
 * {@code src/bench/run-all.sh} collects).
 *
 * @author n6k
 */
final class BenchSupport {

	/**
	 * Linux clock ticks per second ({@code getconf CLK_TCK}; 100 on every x86-64 kernel).
	 */
	private static final double TICKS_PER_SECOND = Double.parseDouble(System.getProperty("bench.clockTicks", "100"));

	private BenchSupport() {
	}

	/**
	 * Return the user + system CPU seconds a process has used so far, or {@code -1} when
	 * it is not known ({@code pid <= 0} or gone).
	 */
	static double cpuSeconds(long pid) {
		if (pid <= 0) {
			return -1;
		}
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			// fields after the command name, which is in parentheses and may hold spaces
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** Return a process's resident set size in bytes, or {@code -1} when unknown. */
	static long rssBytes(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// unknown
		}
		return -1;
	}

	/** Return whether a process is still running. */
	static boolean alive(long pid) {
		return pid > 0 && Files.exists(Path.of("/proc/" + pid + "/stat"));
	}

	/** Return the CPU seconds this JVM has used (all threads). */
	static double ownCpuSeconds() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime() / 1e9;
	}

	static double percentile(List<Double> sorted, double p) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(sorted.size() * p)));
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		return percentile(sorted, 0.5);
	}

	/**
	 * Connect and wait for the first frame (the unprompted {@code HELLO_ACK} of a
	 * single-catalog socket).
	 */
	static N6kClient connect(HttpClient http, String url, Duration timeout) {
		N6kClient client = N6kClient.connect(http, URI.create(url), Map.of());
		try {
			ReceivedFrame first = client.next(timeout);
			if (first.type() != 12) {
				throw new IllegalStateException("expected HELLO_ACK, got " + first);
			}
			return client;
		}
		catch (RuntimeException | AssertionError ex) {
			client.abort();
			throw new IllegalStateException("handshake failed: " + ex.getMessage(), ex);
		}
	}

	/** Return a named argument {@code --name=value}, or the fallback. */
	static String arg(String[] args, String name, String fallback) {
		String prefix = "--" + name + "=";
		for (String arg : args) {
			if (arg.startsWith(prefix)) {
				return arg.substring(prefix.length());
			}
		}
		return fallback;
	}

	/** Print one result line: {@code RESULT {json}}. */
	static void result(String bench, String target, Map<String, ?> values) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("bench", bench);
		all.put("target", target);
		all.putAll(values);
		StringBuilder json = new StringBuilder("{");
		all.forEach((key, value) -> {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append('"').append(key).append("\":");
			if (value == null) {
				json.append("null");
			}
			else if (value instanceof Number number) {
				double d = number.doubleValue();
				json.append((Double.isFinite(d)) ? String.valueOf(number) : "null");
			}
			else if (value instanceof Boolean) {
				json.append(value);
			}
			else {
				json.append('"').append(String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
			}
		});
		System.out.println("RESULT " + json.append('}'));
	}

	static double round(double value, int digits) {
		double scale = Math.pow(10, digits);
		return Math.round(value * scale) / scale;
	}

}
