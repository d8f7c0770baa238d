package io.n6k.sample.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.n6k.client.N6kClient;

/**
 * Many mostly idle sockets: N sockets (1,000 by default), each sending one of the mixed
 * small requests of {@link SmallRequests} about once a second (the gap is uniform in
 * 0.5–1.5 s), for 60 s after a warm-up of 10 s at the same load. Prints p50/p99 latency
 * and errors (failed connects, ERR answers, timeouts, sockets the server closed) of the
 * measured window, the warm-up's own figures beside them, and a per-second and per-op
 * breakdown (with {@code --trace=file.csv}, every request). A latency runs from just
 * before the request is encoded to the arrival of its last frame. Needs about N + 50 file
 * descriptors ({@code ulimit -n}). Not a test: {@code src/bench/run-all.sh} runs it.
 *
 * <pre>
 * java -Xss512k -cp &lt;test classpath&gt; io.n6k.sample.bench.BusySocketsBenchmark \
 *   --url=ws://127.0.0.1:8099/ws?catalog=db [--sockets=1000] [--seconds=60] [--warmup=10]
 *   [--pid=&lt;server pid&gt;] [--trace=requests.csv]
 * </pre>
 *
 * @author n6k
 */
public final class BusySocketsBenchmark {

	private BusySocketsBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String url = BenchSupport.arg(args, "url", "ws://127.0.0.1:8099/ws?catalog=db");
		String target = BenchSupport.arg(args, "target", "ours");
		long pid = Long.parseLong(BenchSupport.arg(args, "pid", "0"));
		int sockets = Integer.parseInt(BenchSupport.arg(args, "sockets", "1000"));
		double seconds = Double.parseDouble(BenchSupport.arg(args, "seconds", "60"));
		double connectSeconds = Double.parseDouble(BenchSupport.arg(args, "connect-seconds", "30"));
		double warmup = Double.parseDouble(BenchSupport.arg(args, "warmup", "10"));
		HttpClient http = HttpClient.newHttpClient();
		List<N6kClient> clients = connectAll(http, url, sockets, connectSeconds);
		int connectErrors = sockets - clients.size();
		System.out.printf("busy: %d of %d sockets connected%n", clients.size(), sockets);
		List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
		BusyTrace trace = new BusyTrace();
		AtomicLong errors = new AtomicLong();
		AtomicLong warmupErrors = new AtomicLong();
		AtomicLong closed = new AtomicLong();
		long start = System.nanoTime();
		long measured = start + (long) (warmup * 1e9);
		long end = measured + (long) (seconds * 1e9);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < clients.size(); i++) {
			N6kClient client = clients.get(i);
			int offset = i;
			Thread thread = new Thread(() -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				// spread the first requests over the first second
				long next = start + (long) (random.nextDouble() * 1e9);
				long id = 1;
				while (true) {
					long now = System.nanoTime();
					if (next >= end) {
						return;
					}
					if (next > now) {
						sleepNanos(next - now);
					}
					long sent = System.nanoTime();
					int kind = (int) ((id + offset) % SmallRequests.NAMES.length);
					boolean ok;
					try {
						ok = SmallRequests.run(client, id, kind, Duration.ofSeconds(10));
					}
					catch (RuntimeException | AssertionError ex) {
						ok = false;
					}
					id++;
					long answered = System.nanoTime();
					trace.add(sent - measured, answered - sent, Math.max(0, sent - next), kind, ok);
					if (ok && sent >= measured) {
						latencies.add((answered - sent) / 1e6);
					}
					else if (!ok) {
						((sent >= measured) ? errors : warmupErrors).incrementAndGet();
						if (client.isClosed()) {
							closed.incrementAndGet();
							return;
						}
					}
					next += (long) ((0.5 + random.nextDouble()) * 1e9);
				}
			}, "busy-" + i);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		// the warm-up runs the same load, so that both JVMs have compiled the request
		// path
		// before anything is measured; its figures are reported apart, not hidden
		sleepNanos(measured - System.nanoTime());
		double cpuBefore = BenchSupport.cpuSeconds(pid);
		double ownCpuBefore = BenchSupport.ownCpuSeconds();
		// a request still unanswered 15 s after the end counts as an error (a send the
		// server never reads would otherwise hold the run forever)
		long deadline = end + 15_000_000_000L;
		long stuck = 0;
		for (Thread thread : threads) {
			thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
			stuck += thread.isAlive() ? 1 : 0;
		}
		errors.addAndGet(stuck);
		double elapsed = (System.nanoTime() - measured) / 1e9;
		double cpu = BenchSupport.cpuSeconds(pid) - cpuBefore;
		double ownCpu = BenchSupport.ownCpuSeconds() - ownCpuBefore;
		List<Double> sorted;
		synchronized (latencies) {
			sorted = new ArrayList<>(latencies);
		}
		sorted.sort(Double::compare);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("sockets", sockets);
		result.put("connected", clients.size());
		result.put("seconds", BenchSupport.round(elapsed, 1));
		result.put("requests", sorted.size());
		result.put("errors", errors.get() + connectErrors);
		result.put("connect_errors", connectErrors);
		result.put("request_errors", errors.get());
		result.put("closed_by_server", closed.get());
		result.put("unanswered_at_end", stuck);
		result.put("p50_ms", BenchSupport.round(BenchSupport.percentile(sorted, 0.5), 2));
		result.put("p99_ms", BenchSupport.round(BenchSupport.percentile(sorted, 0.99), 2));
		result.put("max_ms", BenchSupport.round(sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1), 2));
		result.put("warmup_s", warmup);
		result.put("warmup_errors", warmupErrors.get());
		trace.warmup().forEach(result::put);
		result.put("server_cpu_s", BenchSupport.round(cpu, 2));
		result.put("client_cpu_s", BenchSupport.round(ownCpu, 2));
		BenchSupport.result("busy", target, result);
		trace.print(System.out, BenchSupport.arg(args, "trace", ""));
		clients.forEach(N6kClient::abort);
		System.exit(0);
	}

	/**
	 * Connect in parallel; sockets not connected within {@code seconds} count as failed.
	 */
	private static List<N6kClient> connectAll(HttpClient http, String url, int sockets, double seconds)
			throws InterruptedException {
		ExecutorService pool = Executors.newFixedThreadPool(Math.min(sockets, 64));
		List<Future<N6kClient>> futures = new ArrayList<>();
		for (int i = 0; i < sockets; i++) {
			futures.add(pool.submit(() -> BenchSupport.connect(http, url, Duration.ofSeconds(10))));
		}
		pool.shutdown();
		pool.awaitTermination((long) (seconds * 1000), TimeUnit.MILLISECONDS);
		List<N6kClient> clients = new ArrayList<>();
		String firstError = null;
		for (Future<N6kClient> future : futures) {
			if (future.isDone()) {
				try {
					clients.add(future.get());
				}
				catch (Exception ex) {
					firstError = (firstError != null) ? firstError : String.valueOf(ex.getCause());
				}
			}
			else {
				future.cancel(true);
			}
		}
		pool.shutdownNow();
		if (firstError != null) {
			System.out.println("busy: first connect error: " + firstError);
		}
		return clients;
	}

	private static void sleepNanos(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
