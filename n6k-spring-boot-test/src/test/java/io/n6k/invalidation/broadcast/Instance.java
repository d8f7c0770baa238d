package io.n6k.invalidation.broadcast;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.invalidation.CatalogInvalidationService;
import io.n6k.support.TestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One instance of the application, with its own WebSocket port and its own clients, as
 * one replica behind a load balancer.
 */
public final class Instance implements AutoCloseable {

	final String name;

	final ConfigurableApplicationContext context;

	private final int port;

	private final List<N6kClient> clients = new ArrayList<>();

	private Instance(String name, ConfigurableApplicationContext context) {
		this.name = name;
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	public static Instance start(String name, List<Class<?>> sources, List<String> properties) {
		List<Class<?>> all = new ArrayList<>(List.of(TestApplication.class));
		all.addAll(sources);
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--n6k.catalogs.app.path=:memory:", "--n6k.catalogs.app.access=all",
				"--n6k.catalogs.other.path=:memory:", "--n6k.catalogs.other.access=all",
				"--n6k.duckdb.init-sql[0]=CREATE TABLE app.main.orders (id INTEGER)",
				"--n6k.invalidation.heartbeat-interval=100ms", "--n6k.invalidation.link-timeout=600ms"));
		properties.forEach((property) -> args.add("--" + property));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(all.toArray(Class<?>[]::new))
			.run(args.toArray(String[]::new));
		return new Instance(name, context);
	}

	public N6kClient open(String catalog) {
		N6kClient client = N6kClient.connect(URI.create("ws://localhost:" + this.port + "/ws?catalog=" + catalog));
		this.clients.add(client);
		assertThat(client.next().type()).isEqualTo(12);
		return client;
	}

	public CatalogInvalidationService invalidation() {
		return this.context.getBean(CatalogInvalidationService.class);
	}

	BroadcastStatus status() {
		return this.context.getBean(BroadcastStatus.class);
	}

	DuckDbDatabase database() {
		return this.context.getBean(DuckDbDatabase.class);
	}

	public void awaitLink(boolean up) {
		await(() -> status().isUp() == up, Duration.ofSeconds(20), this.name + " link " + (up ? "up" : "down"));
	}

	void closeClients() {
		this.clients.forEach(N6kClient::close);
		this.clients.clear();
	}

	@Override
	public void close() {
		closeClients();
		this.context.close();
	}

	static void await(BooleanSupplier condition, Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("timed out waiting for " + what);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	@SuppressWarnings("unchecked")
	public static List<String> push(N6kClient client) {
		ReceivedFrame frame = client.take((f) -> f.type() == 8, N6kClient.TIMEOUT);
		return (List<String>) frame.get("schemas");
	}

	static void noPush(N6kClient client, Duration within) {
		assertThat(client.poll((f) -> f.type() == 8, within)).as("an unexpected PUSH").isNull();
	}

}
