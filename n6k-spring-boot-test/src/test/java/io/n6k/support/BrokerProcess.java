package io.n6k.support;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway broker server (redis-server, PostgreSQL) on a free port, started and
 * stopped by tests. A missing binary fails the test with how to install it: CI installs
 * them ({@code .ci/run}).
 */
public abstract class BrokerProcess implements AutoCloseable {

	protected final int port = freePort();

	protected final Path directory;

	protected BrokerProcess(String name) {
		try {
			this.directory = Files.createTempDirectory("n6k-" + name + "-");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	/**
	 * Start the server (again) on its port and wait until it accepts connections.
	 */
	public abstract void start();

	/**
	 * Stop the server; its clients see their connections closed.
	 */
	public abstract void stop();

	@Override
	public void close() {
		stop();
		run(List.of("rm", "-rf", this.directory.toString()));
	}

	protected static File requireBinary(String path, String install) {
		File binary = new File(path);
		if (!binary.canExecute()) {
			throw new IllegalStateException(path + " is missing: these tests need a real broker. Install it with '"
					+ install + "' (.ci/run does).");
		}
		return binary;
	}

	protected void awaitPort(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
				return;
			}
			catch (IOException ex) {
				sleep(50);
			}
		}
		throw new IllegalStateException(getClass().getSimpleName() + " did not open port " + this.port);
	}

	protected static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("'" + String.join(" ", command) + "' failed: " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	protected static List<String> asUser(String user, String... command) {
		List<String> result = new ArrayList<>();
		if ("root".equals(System.getProperty("user.name"))) {
			// PostgreSQL refuses to run as root.
			result.addAll(List.of("runuser", "-u", user, "--"));
		}
		result.addAll(List.of(command));
		return result;
	}

	protected static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
