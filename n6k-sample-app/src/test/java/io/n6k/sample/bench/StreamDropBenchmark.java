package io.n6k.sample.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.client.Response;

/**
 * Server RSS growth while streams are dropped mid-flight: each drop opens a socket,
 * starts a SCAN of a 1 M-row table ({@code main.drops}, the bulk table's shape), waits
 * for its first data chunk and aborts the TCP connection. After the warm-up drops (50)
 * the server's RSS is the baseline; it is read again after each count (1,000 and 2,500 by
 * default), two seconds after the last drop. Not a test: {@code src/bench/run-all.sh}
 * runs it.
 *
 * <pre>
 * java -cp &lt;test classpath&gt; io.n6k.sample.bench.StreamDropBenchmark \
 *   --url=ws://127.0.0.1:8099/ws?catalog=db --pid=&lt;server pid&gt; [--warmup=50] [--counts=1000,2500] [--table=drops]
 * </pre>
 *
 * @author n6k
 */
public final class StreamDropBenchmark {

	private StreamDropBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String url = BenchSupport.arg(args, "url", "ws://127.0.0.1:8099/ws?catalog=db");
		String target = BenchSupport.arg(args, "target", "ours");
		String table = BenchSupport.arg(args, "table", "drops");
		long pid = Long.parseLong(BenchSupport.arg(args, "pid", "0"));
		int warmup = Integer.parseInt(BenchSupport.arg(args, "warmup", "50"));
		int parallel = Integer.parseInt(BenchSupport.arg(args, "parallel", "4"));
		List<Integer> counts = new ArrayList<>();
		for (String count : BenchSupport.arg(args, "counts", "1000,2500").split(",")) {
			counts.add(Integer.parseInt(count.strip()));
		}
		HttpClient http = HttpClient.newHttpClient();
		String setup = BenchSupport.arg(args, "setup-sql", "");
		if (!setup.isEmpty()) {
			// a server without the bulk table (the reference) gets it over the protocol
			try (N6kClient client = BenchSupport.connect(http, url, Duration.ofSeconds(10))) {
				long id = 1;
				for (String sql : Files.readString(Path.of(setup)).split(";\\s*\n")) {
					if (!sql.isBlank()) {
						Response response = client.call(id++, 6, Map.of("sql", sql.strip()));
						if (response.isError()) {
							throw new IllegalStateException("setup failed: " + response.terminal());
						}
					}
				}
			}
		}
		AtomicLong errors = new AtomicLong();
		drop(http, url, table, warmup, parallel, errors);
		Thread.sleep(2000);
		long baseline = BenchSupport.rssBytes(pid);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("warmup", warmup);
		result.put("baseline_mb", BenchSupport.round(baseline / 1e6, 1));
		int done = 0;
		long started = System.nanoTime();
		for (int count : counts) {
			if (!BenchSupport.alive(pid)) {
				break;
			}
			drop(http, url, table, count - done, parallel, errors);
			done = count;
			Thread.sleep(2000);
			long rss = BenchSupport.rssBytes(pid);
			result.put("growth_mb_" + count, (rss > 0) ? BenchSupport.round((rss - baseline) / 1e6, 1) : null);
			System.out.printf("drops: %d done, RSS %.1f MB (%+.1f MB), %d errors%n", count, rss / 1e6,
					(rss - baseline) / 1e6, errors.get());
			// a result after each count, so that a run stopped by its time limit still
			// reports
			report(target, result, started, errors, pid);
		}
		report(target, result, started, errors, pid);
		System.exit(0);
	}

	private static void report(String target, Map<String, Object> result, long started, AtomicLong errors, long pid) {
		Map<String, Object> copy = new LinkedHashMap<>(result);
		copy.put("seconds", BenchSupport.round((System.nanoTime() - started) / 1e9, 1));
		copy.put("errors", errors.get());
		copy.put("server_alive", BenchSupport.alive(pid));
		BenchSupport.result("drops", target, copy);
	}

	private static void drop(HttpClient http, String url, String table, int count, int parallel, AtomicLong errors)
			throws InterruptedException {
		AtomicLong remaining = new AtomicLong(count);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < parallel; i++) {
			Thread thread = new Thread(() -> {
				while (remaining.getAndDecrement() > 0) {
					N6kClient client = null;
					try {
						client = BenchSupport.connect(http, url, Duration.ofSeconds(10));
						client.request(1, 4, Map.of("schema", "main", "table", table));
						ReceivedFrame chunk = client.poll((f) -> f.type() == 3 || f.type() == 5,
								Duration.ofSeconds(10));
						if (chunk == null || chunk.type() != 3) {
							errors.incrementAndGet();
						}
					}
					catch (RuntimeException ex) {
						errors.incrementAndGet();
					}
					finally {
						if (client != null) {
							client.abort();
						}
					}
				}
			}, "drop-" + i);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
	}

}
