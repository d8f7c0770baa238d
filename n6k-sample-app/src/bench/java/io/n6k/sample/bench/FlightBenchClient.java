package io.n6k.sample.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Reads the bulk table from {@link FlightBenchServer} with {@code DoGet}, timed per read
 * with the CPU both processes spent, and prints one result line.
 *
 * @author n6k
 */
public final class FlightBenchClient {

	private FlightBenchClient() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(BenchSupport.arg(args, "port", "18200"));
		long pid = Long.parseLong(BenchSupport.arg(args, "pid", "0"));
		int runs = Integer.parseInt(BenchSupport.arg(args, "runs", "3"));
		List<Double> wall = new ArrayList<>();
		List<Double> serverCpu = new ArrayList<>();
		List<Double> clientCpu = new ArrayList<>();
		long rows = 0;
		try (BufferAllocator allocator = new RootAllocator();
				FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", port))
					.build()) {
			for (int run = 0; run <= runs; run++) {
				double server = BenchSupport.cpuSeconds(pid);
				double own = BenchSupport.ownCpuSeconds();
				long start = System.nanoTime();
				rows = 0;
				try (FlightStream stream = client.getStream(new Ticket("bulk".getBytes(StandardCharsets.UTF_8)))) {
					while (stream.next()) {
						rows += stream.getRoot().getRowCount();
					}
				}
				double seconds = (System.nanoTime() - start) / 1e9;
				double serverSpent = BenchSupport.cpuSeconds(pid) - server;
				double ownSpent = BenchSupport.ownCpuSeconds() - own;
				System.out.printf("bulk flight run %d%s: %,d rows in %.3f s, server CPU %.2f s, client CPU %.2f s%n", run,
						(run == 0) ? " (warm-up)" : "", rows, seconds, serverSpent, ownSpent);
				if (run > 0) {
					wall.add(seconds);
					serverCpu.add(serverSpent);
					clientCpu.add(ownSpent);
				}
			}
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("mode", "flight");
		result.put("rows", rows);
		result.put("runs", runs);
		result.put("seconds", BenchSupport.round(BenchSupport.median(wall), 3));
		result.put("rows_per_s", Math.round(rows / BenchSupport.median(wall)));
		result.put("server_cpu_s", BenchSupport.round(BenchSupport.median(serverCpu), 3));
		result.put("server_cpu_s_per_m_rows", BenchSupport.round(BenchSupport.median(serverCpu) / (rows / 1e6), 4));
		result.put("client_cpu_s", BenchSupport.round(BenchSupport.median(clientCpu), 3));
		BenchSupport.result("bulk", "flight", result);
		System.exit(0);
	}

}
