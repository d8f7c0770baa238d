package io.n6k.autoconfigure;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starting without the Arrow JVM flag fails fast with an explanation, not deep inside
 * Arrow on the first request.
 */
class ArrowMemoryAccessTests {

	@Test
	void missingAddOpensIsExplained() throws Exception {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				ArrowMemoryAccessProbe.class.getName())
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(output).contains("DESCRIPTION: Arrow cannot access direct memory: the JVM was started without "
				+ "--add-opens=java.base/java.nio=ALL-UNNAMED.");
		assertThat(output).contains("ACTION: Start the JVM with --add-opens=java.base/java.nio=ALL-UNNAMED");
	}

	@Test
	void withTheFlagTheCheckPasses() {
		ArrowMemoryAccess.check();
		assertThat(List.of()).isEmpty();
	}

}
