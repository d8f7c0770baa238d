package io.n6k.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.n6k.client.N6kClient;
import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.support.DuckDbTestConfiguration;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Hand-run benchmark (never part of the build: its name does not end in "Tests"): the
 * process's RSS while clients drop streams mid-flight. Client and server share the JVM,
 * so the client's own memory is included. Run with
 * {@code mvn -B -ntp -o -pl n6k-spring-boot-test -am test -Dtest=DroppedStreamsRssBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (and {@code MALLOC_ARENA_MAX=2} in the environment to compare); the figures are in
 * target/surefire-reports/io.n6k.bench.DroppedStreamsRssBenchmark-output.txt.
 *
 * @author n6k
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"n6k.duckdb.init-sql[0]=CREATE TABLE db.main.wide AS SELECT range AS id, "
						+ "'name ' || range AS name FROM range(5000000)" })
@Import(DuckDbTestConfiguration.class)
class DroppedStreamsRssBenchmark extends SocketTestSupport {

	@Autowired
	DuckDbDatabase database;

	@Test
	void rssWhileStreamsAreDropped() throws Exception {
		drop(50);
		long base = settledRss();
		System.out.println("RSS after 50 warm-up drops: " + base / 1024 + " MB");
		drop(1000);
		long at1000 = settledRss();
		System.out.println("RSS after 1000 drops: " + at1000 / 1024 + " MB (+" + (at1000 - base) / 1024 + " MB)");
		drop(1500);
		long at2500 = settledRss();
		System.out.println("RSS after 2500 drops: " + at2500 / 1024 + " MB (+" + (at2500 - base) / 1024 + " MB)");
	}

	private void drop(int count) {
		for (int i = 0; i < count; i++) {
			// not tracked by the test support: a dropped client must be garbage at once
			N6kClient client = N6kClient.connect(URI.create("ws://localhost:" + this.port + "/ws?catalog=db"));
			client.next();
			client.request(1, 4, Map.of("schema", "main", "table", "wide"));
			client.next();
			client.next();
			client.abort();
		}
	}

	private long settledRss() throws Exception {
		Thread.sleep(2000);
		System.gc();
		Thread.sleep(1000);
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		throw new IllegalStateException("no VmRSS");
	}

}
