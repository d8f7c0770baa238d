package io.n6k.support;

import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.server.N6kServer;
import io.n6k.test.N6kClients;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the starter's own socket suites: {@link N6kClients} as inherited methods, so
 * that a suite reads {@code open("db")}. Applications use {@code @N6kTest} instead.
 */
public abstract class SocketTestSupport {

	@LocalServerPort
	protected int port;

	@Autowired
	protected N6kServer server;

	@Autowired
	protected BufferAllocator allocator;

	private N6kClients clients;

	@BeforeEach
	void attachClients() {
		this.clients = new N6kClients(this.port, this.server);
	}

	@AfterEach
	void closeClientsAndCheckMemory() throws InterruptedException {
		this.clients.closeAndVerify();
	}

	protected N6kClient connect(String pathAndQuery) {
		return this.clients.connect(pathAndQuery);
	}

	protected N6kClient connect(String pathAndQuery, Map<String, String> headers) {
		return this.clients.connect(pathAndQuery, headers);
	}

	/**
	 * Connect to a single-catalog endpoint and take the unprompted HELLO_ACK.
	 */
	protected N6kClient open(String catalog) {
		return this.clients.open(catalog);
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
