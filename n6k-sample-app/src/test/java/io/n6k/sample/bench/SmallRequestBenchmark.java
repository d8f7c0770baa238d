package io.n6k.sample.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

import io.n6k.client.N6kClient;

/**
 * Small-request throughput: N sockets (8 by default) each send the mixed small requests
 * of {@link SmallRequests} back to back, as fast as the server answers. Prints req/s and
 * the server's CPU per request (from {@code /proc/<pid>/stat} before and after). Not a
 * test: {@code src/bench/run-all.sh} runs it against this project and the reference.
 *
 * <pre>
 * java -cp &lt;test classpath&gt; io.n6k.sample.bench.SmallRequestBenchmark \
 *   --url=ws://127.0.0.1:8099/ws?catalog=db --pid=&lt;server pid&gt; [--sockets=8] [--seconds=15] [--warmup=5]
 * </pre>
 *
 * @author n6k
 */
public final class SmallRequestBenchmark {

	private SmallRequestBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String url = BenchSupport.arg(args, "url", "ws://127.0.0.1:8099/ws?catalog=db");
		String target = BenchSupport.arg(args, "target", "ours");
		long pid = Long.parseLong(BenchSupport.arg(args, "pid", "0"));
		int sockets = Integer.parseInt(BenchSupport.arg(args, "sockets", "8"));
		double seconds = Double.parseDouble(BenchSupport.arg(args, "seconds", "15"));
		double warmup = Double.parseDouble(BenchSupport.arg(args, "warmup", "5"));
		HttpClient http = HttpClient.newHttpClient();
		List<N6kClient> clients = new ArrayList<>();
		for (int i = 0; i < sockets; i++) {
			clients.add(BenchSupport.connect(http, url, Duration.ofSeconds(10)));
		}
		AtomicLongArray done = new AtomicLongArray(SmallRequests.NAMES.length);
		AtomicLongArray errors = new AtomicLongArray(SmallRequests.NAMES.length);
		long warmupEnd = System.nanoTime() + (long) (warmup * 1e9);
		long end = warmupEnd + (long) (seconds * 1e9);
		double[] cpuAtStart = new double[1];
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < sockets; i++) {
			N6kClient client = clients.get(i);
			int offset = i;
			Thread thread = new Thread(() -> {
				long id = 1;
				while (true) {
					long now = System.nanoTime();
					if (now >= end) {
						return;
					}
					int kind = (int) ((id + offset) % SmallRequests.NAMES.length);
					boolean ok;
					try {
						ok = SmallRequests.run(client, id++, kind, Duration.ofSeconds(10));
					}
					catch (RuntimeException | AssertionError ex) {
						ok = false;
					}
					if (now >= warmupEnd) {
						(ok ? done : errors).incrementAndGet(kind);
					}
					if (!ok && client.isClosed()) {
						return;
					}
				}
			}, "small-" + i);
			threads.add(thread);
			thread.start();
		}
		Thread.sleep(Math.max(0, (warmupEnd - System.nanoTime()) / 1_000_000));
		cpuAtStart[0] = BenchSupport.cpuSeconds(pid);
		long start = System.nanoTime();
		for (Thread thread : threads) {
			thread.join();
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		double cpu = BenchSupport.cpuSeconds(pid) - cpuAtStart[0];
		long total = 0;
		long failed = 0;
		Map<String, Object> values = new LinkedHashMap<>();
		for (int k = 0; k < SmallRequests.NAMES.length; k++) {
			total += done.get(k);
			failed += errors.get(k);
			values.put(SmallRequests.NAMES[k], done.get(k));
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("sockets", sockets);
		result.put("seconds", BenchSupport.round(elapsed, 1));
		result.put("requests", total);
		result.put("errors", failed);
		result.put("req_per_s", Math.round(total / elapsed));
		result.put("server_cpu_s", BenchSupport.round(cpu, 2));
		result.put("server_cpu_ms_per_req", (pid > 0 && total > 0) ? BenchSupport.round(cpu * 1000 / total, 3) : -1);
		result.putAll(values);
		BenchSupport.result("small", target, result);
		clients.forEach(N6kClient::close);
		System.exit(0);
	}

}
