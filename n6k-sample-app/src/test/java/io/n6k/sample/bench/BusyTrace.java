package io.n6k.sample.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every request of {@link BusySocketsBenchmark}: when it was sent (from the end of the
 * warm-up, negative during it), its latency, how late its thread woke for it, its op and
 * whether it succeeded. Prints latency percentiles per second and per op and the slowest
 * requests, so that a tail can be placed in time (start, periodic, bursts); writes every
 * record as CSV on request.
 *
 * @author n6k
 */
final class BusyTrace {

	private final List<long[]> records = new ArrayList<>();

	synchronized void add(long sentOffsetNanos, long latencyNanos, long lateNanos, int kind, boolean ok) {
		this.records.add(new long[] { sentOffsetNanos, latencyNanos, lateNanos, kind, ok ? 1 : 0 });
	}

	synchronized List<long[]> records() {
		return new ArrayList<>(this.records);
	}

	void print(PrintStream out, String csv) {
		List<long[]> all = records();
		all.sort(Comparator.comparingLong((long[] r) -> r[0]));
		if (!csv.isEmpty()) {
			StringBuilder text = new StringBuilder("sent_ms,latency_ms,late_ms,op,ok\n");
			for (long[] r : all) {
				text.append(String.format("%.3f,%.3f,%.3f,%s,%d%n", r[0] / 1e6, r[1] / 1e6, r[2] / 1e6,
						SmallRequests.NAMES[(int) r[3]], r[4]));
			}
			try {
				Files.writeString(Path.of(csv), text);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		out.println("  per second of send time: second, requests, p50, p99, max latency ms, "
				+ "requests over 250 ms, p99 wake lateness ms");
		long first = all.isEmpty() ? 0 : second(all.get(0));
		long last = all.isEmpty() ? -1 : second(all.get(all.size() - 1));
		for (long s = first; s <= last; s++) {
			long second = s;
			long[] lat = all.stream().filter((r) -> second(r) == second).mapToLong((r) -> r[1]).toArray();
			long[] late = all.stream().filter((r) -> second(r) == second).mapToLong((r) -> r[2]).toArray();
			long slow = Arrays.stream(lat).filter((l) -> l > 250_000_000L).count();
			out.printf("  t=%3d%s %5d %8.1f %8.1f %8.1f %5d %8.1f%n", s, (s < 0) ? "w" : " ", lat.length, pct(lat, 0.5),
					pct(lat, 0.99), pct(lat, 1), slow, pct(late, 0.99));
		}
		out.println("  per op after the warm-up: op, requests, p50, p99, max ms, over 250 ms");
		for (int kind = 0; kind < SmallRequests.NAMES.length; kind++) {
			int k = kind;
			long[] lat = all.stream().filter((r) -> r[3] == k && r[0] >= 0).mapToLong((r) -> r[1]).toArray();
			out.printf("  %-13s %6d %8.1f %8.1f %8.1f %5d%n", SmallRequests.NAMES[kind], lat.length, pct(lat, 0.5),
					pct(lat, 0.99), pct(lat, 1), Arrays.stream(lat).filter((l) -> l > 250_000_000L).count());
		}
		out.println("  slowest 20 after the warm-up: sent at ms, latency ms, op");
		all.stream()
			.filter((r) -> r[0] >= 0)
			.sorted(Comparator.comparingLong((long[] r) -> -r[1]))
			.limit(20)
			.forEach(
					(r) -> out.printf("    %9.1f %8.1f %s%n", r[0] / 1e6, r[1] / 1e6, SmallRequests.NAMES[(int) r[3]]));
	}

	/**
	 * Return the warm-up's figures (requests sent before the measured window), which the
	 * result reports apart from the measured ones.
	 */
	Map<String, Object> warmup() {
		long[] lat = records().stream().filter((r) -> r[0] < 0 && r[4] == 1).mapToLong((r) -> r[1]).toArray();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("warmup_requests", lat.length);
		result.put("warmup_p50_ms", BenchSupport.round(pct(lat, 0.5), 2));
		result.put("warmup_p99_ms", BenchSupport.round(pct(lat, 0.99), 2));
		result.put("warmup_max_ms", BenchSupport.round(pct(lat, 1), 2));
		return result;
	}

	private static long second(long[] record) {
		return Math.floorDiv(record[0], 1_000_000_000L);
	}

	private static double pct(long[] values, double p) {
		if (values.length == 0) {
			return Double.NaN;
		}
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[Math.min(sorted.length - 1, (int) Math.floor(sorted.length * p))] / 1e6;
	}

}
