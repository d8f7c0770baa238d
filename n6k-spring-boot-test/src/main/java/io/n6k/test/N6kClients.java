package io.n6k.test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.server.N6kServer;

/**
 * Clients attached to the n6k server of the application under test, for one test: they
 * connect to its local port, and {@link #closeAndVerify()} closes them and checks that
 * the server has no request left in flight and no Arrow memory left allocated. Obtain one
 * from {@link N6kClientsExtension} (or {@link N6kTest}).
 *
 * @author n6k
 * @since 0.1.0
 */
public final class N6kClients {

	/** Wait for the server to settle after the clients closed. */
	private static final Duration SETTLE = Duration.ofSeconds(10);

	private final int port;

	private final N6kServer server;

	private final List<N6kClient> clients = new ArrayList<>();

	/**
	 * Create clients for a server listening on a local port.
	 * @param port the HTTP port of the application
	 * @param server the application's n6k server
	 */
	public N6kClients(int port, N6kServer server) {
		this.port = port;
		this.server = server;
	}

	/**
	 * Return the local HTTP port of the application.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the application's n6k server.
	 * @return the server
	 */
	public N6kServer server() {
		return this.server;
	}

	/**
	 * Connect without extra headers.
	 * @param pathAndQuery such as {@code /ws?catalog=db}
	 * @return the client, closed after the test
	 */
	public N6kClient connect(String pathAndQuery) {
		return connect(pathAndQuery, Map.of());
	}

	/**
	 * Connect.
	 * @param pathAndQuery such as {@code /ws?catalog=db}
	 * @param headers upgrade request headers, such as {@code Authorization}
	 * @return the client, closed after the test
	 */
	public N6kClient connect(String pathAndQuery, Map<String, String> headers) {
		N6kClient client = N6kClient.connect(URI.create("ws://localhost:" + this.port + pathAndQuery), headers);
		this.clients.add(client);
		return client;
	}

	/**
	 * Connect to the default endpoint for one catalog and take the unprompted HELLO_ACK.
	 * @param catalog the catalog
	 * @return the client, ready for requests on the default session
	 */
	public N6kClient open(String catalog) {
		return open(catalog, Map.of());
	}

	/**
	 * Connect to the default endpoint for one catalog with a bearer token and take the
	 * unprompted HELLO_ACK.
	 * @param catalog the catalog
	 * @param token the token
	 * @return the client, ready for requests on the default session
	 */
	public N6kClient open(String catalog, String token) {
		return open(catalog, Map.of("Authorization", "Bearer " + token));
	}

	private N6kClient open(String catalog, Map<String, String> headers) {
		N6kClient client = connect("/ws?catalog=" + catalog, headers);
		ReceivedFrame ack = client.next();
		if (ack.type() != 12) {
			throw new AssertionError("expected the unprompted HELLO_ACK (t=12) but received " + ack);
		}
		return client;
	}

	/**
	 * Close every client, then wait for the server to settle (its connections closed too,
	 * so that the next test starts from a quiet server) and check that no request is in
	 * flight and no Arrow memory is allocated.
	 * @throws InterruptedException when interrupted while waiting
	 * @throws AssertionError when a request or Arrow memory leaked
	 */
	public void closeAndVerify() throws InterruptedException {
		this.clients.forEach(N6kClient::close);
		this.clients.clear();
		long deadline = System.nanoTime() + SETTLE.toNanos();
		while ((inFlight() > 0 || allocated() > 0 || !this.server.connections().all().isEmpty())
				&& System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		if (inFlight() > 0) {
			throw new AssertionError(inFlight() + " request(s) still in flight after the test's clients closed");
		}
		if (allocated() > 0) {
			throw new AssertionError("Arrow memory leaked: " + allocated() + " bytes still allocated");
		}
	}

	private long inFlight() {
		return this.server.stats().liveInFlight();
	}

	private long allocated() {
		return this.server.allocator().getAllocatedMemory();
	}

}
