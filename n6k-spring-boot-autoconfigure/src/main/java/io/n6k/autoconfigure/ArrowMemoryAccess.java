package io.n6k.autoconfigure;

import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Checks at startup that Arrow can reach direct memory, which on Java 17+ needs
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED}; without it every Arrow export and
 * IPC write would fail deep inside Arrow on the first request.
 *
 * @author n6k
 */
final class ArrowMemoryAccess {

	static final String FLAG = "--add-opens=java.base/java.nio=ALL-UNNAMED";

	private ArrowMemoryAccess() {
	}

	static void check() {
		try {
			MemoryUtil.directBuffer(0, 0);
		}
		catch (RuntimeException | LinkageError ex) {
			throw new N6kConfigurationException(
					"Arrow cannot access direct memory: the JVM was started without " + FLAG + ".",
					"Start the JVM with " + FLAG + " (on Java 24+ also --enable-native-access=ALL-UNNAMED "
							+ "--sun-misc-unsafe-memory-access=allow): on the command line, in JDK_JAVA_OPTIONS, "
							+ "in the Maven Surefire argLine and spring-boot-maven-plugin jvmArguments, or as "
							+ "'Add-Opens: java.base/java.nio' in the executable jar's manifest.",
					ex);
		}
	}

}
