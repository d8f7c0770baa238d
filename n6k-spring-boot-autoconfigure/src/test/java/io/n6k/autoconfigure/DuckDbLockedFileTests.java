package io.n6k.autoconfigure;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A DuckDB file held by another process stops startup with the locked-file analysis, and
 * its advice (read-only everywhere) lets both start (issue 11).
 */
@ExtendWith(OutputCaptureExtension.class)
class DuckDbLockedFileTests {

	@Test
	void fileHeldReadWriteByAnotherProcessIsExplained(@TempDir Path directory, CapturedOutput output) throws Exception {
		Path file = seeded(directory);
		Process holder = hold(file, "rw");
		try {
			assertThatException().isThrownBy(() -> start(file, false).close());
			assertThat(output).contains("The DuckDB database file is locked by another process: ")
				.contains("Could not set lock on file")
				.contains("A DuckDB file can be open read-write by one process only")
				.contains("n6k.catalogs.<name>.read-only=true")
				.doesNotContain("Check n6k.duckdb.url, n6k.duckdb.init-sql and n6k.catalogs.*.path.");
		}
		finally {
			release(holder);
		}
	}

	@Test
	void readOnlyEverywhereLetsBothProcessesOpenTheFile(@TempDir Path directory) throws Exception {
		Path file = seeded(directory);
		Process holder = hold(file, "ro");
		try (ConfigurableApplicationContext context = start(file, true)) {
			assertThat(context.isRunning()).isTrue();
		}
		finally {
			release(holder);
		}
	}

	private static Path seeded(Path directory) throws Exception {
		Path file = directory.resolve("sales.duckdb");
		try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file)) {
			connection.createStatement().execute("CREATE TABLE orders (id INTEGER)");
		}
		return file;
	}

	private static ConfigurableApplicationContext start(Path file, boolean readOnly) {
		return new SpringApplicationBuilder(Minimal.class).web(WebApplicationType.NONE)
			.run("--spring.main.banner-mode=off", "--n6k.catalogs.sales.path=" + file,
					"--n6k.catalogs.sales.read-only=" + readOnly, "--n6k.catalogs.sales.access=all");
	}

	private static Process hold(Path file, String mode) throws Exception {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				DuckDbFileHolder.class.getName(), file.toString(), mode)
			.redirectErrorStream(true)
			.start();
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		assertThat(reader.readLine()).isEqualTo("HOLDING");
		return process;
	}

	private static void release(Process holder) throws Exception {
		holder.getOutputStream().close();
		if (!holder.waitFor(30, TimeUnit.SECONDS)) {
			holder.destroyForcibly();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ N6kAutoConfiguration.class, N6kDuckDbAutoConfiguration.class })
	static class Minimal {

	}

}
