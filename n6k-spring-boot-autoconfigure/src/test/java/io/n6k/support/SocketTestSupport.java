package io.n6k.support;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.server.N6kServer;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of tests that talk to a real server over real WebSockets: opens clients, closes
 * them after each test, and checks that no request leaked Arrow memory.
 */
public abstract class SocketTestSupport {

	@LocalServerPort
	protected int port;

	@Autowired
	protected N6kServer server;

	@Autowired
	protected BufferAllocator allocator;

	private final List<N6kClient> clients = new ArrayList<>();

	protected N6kClient connect(String pathAndQuery) {
		return connect(pathAndQuery, Map.of());
	}

	protected N6kClient connect(String pathAndQuery, Map<String, String> headers) {
		N6kClient client = N6kClient.connect(URI.create("ws://localhost:" + this.port + pathAndQuery), headers);
		this.clients.add(client);
		return client;
	}

	/**
	 * Connect to a single-catalog endpoint and take the unprompted HELLO_ACK.
	 */
	protected N6kClient open(String catalog) {
		N6kClient client = connect("/ws?catalog=" + catalog);
		ReceivedFrame ack = client.next();
		assertThat(ack.type()).isEqualTo(12);
		return client;
	}

	@AfterEach
	void closeClientsAndCheckMemory() throws InterruptedException {
		this.clients.forEach(N6kClient::close);
		this.clients.clear();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while ((this.server.stats().liveInFlight() > 0 || this.allocator.getAllocatedMemory() > 0)
				&& System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(this.server.stats().liveInFlight()).as("requests still in flight").isZero();
		assertThat(this.allocator.getAllocatedMemory()).as("Arrow memory leaked").isZero();
	}

	protected static Map<String, Object> args(Object... pairs) {
		Map<String, Object> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], pairs[i + 1]);
		}
		return map;
	}

	protected static String hex(byte[] bytes) {
		StringBuilder sb = new StringBuilder();
		for (byte b : bytes) {
			if (sb.length() > 0) {
				sb.append(' ');
			}
			sb.append(String.format("%02x", b & 0xff));
		}
		return sb.toString();
	}

}
