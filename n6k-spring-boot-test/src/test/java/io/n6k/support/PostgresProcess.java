package io.n6k.support;

import java.time.Duration;
import java.util.List;

/**
 * A throwaway PostgreSQL 15 cluster in a temporary directory, run as the {@code postgres}
 * user when the tests run as root. Its data survives a restart, as a database's would.
 */
public final class PostgresProcess extends BrokerProcess {

	private static final String BIN = "/usr/lib/postgresql/15/bin/";

	private boolean initialized;

	private boolean running;

	public PostgresProcess() {
		super("postgres");
		requireBinary(BIN + "pg_ctl", "apt-get install -y postgresql");
	}

	public String url(int port) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
	}

	@Override
	public synchronized void start() {
		String data = this.directory.resolve("data").toString();
		if (!this.initialized) {
			if ("root".equals(System.getProperty("user.name"))) {
				run(List.of("chown", "postgres", this.directory.toString()));
			}
			run(asUser("postgres", BIN + "initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"));
			this.initialized = true;
		}
		run(asUser("postgres", BIN + "pg_ctl", "-D", data, "-l", this.directory.resolve("log").toString(), "-w", "-o",
				"-p " + this.port + " -k " + this.directory + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
		this.running = true;
		awaitPort(Duration.ofSeconds(10));
	}

	@Override
	public synchronized void stop() {
		if (this.running) {
			run(asUser("postgres", BIN + "pg_ctl", "-D", this.directory.resolve("data").toString(), "-m", "fast", "-w",
					"stop"));
			this.running = false;
		}
	}

}
