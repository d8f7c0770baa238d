package io.n6k.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A throwaway {@code redis-server} without persistence: a restart loses all data, as a
 * crashed cache would.
 */
public final class RedisProcess extends BrokerProcess {

	private final String binary = requireBinary("/usr/bin/redis-server", "apt-get install -y redis-server").getPath();

	private @Nullable Process process;

	public RedisProcess() {
		super("redis");
	}

	@Override
	public synchronized void start() {
		try {
			this.process = new ProcessBuilder(this.binary, "--port", Integer.toString(this.port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no", "--dir", this.directory.toString())
				.redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("redis.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		awaitPort(Duration.ofSeconds(10));
	}

	@Override
	public synchronized void stop() {
		Process process = this.process;
		if (process != null) {
			process.destroyForcibly();
			try {
				process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	/**
	 * Run one command given as inline words, e.g. {@code CONFIG SET ...}.
	 * @param words the command
	 */
	public void command(String... words) {
		StringBuilder resp = new StringBuilder("*" + words.length + "\r\n");
		for (String word : words) {
			resp.append('$')
				.append(word.getBytes(StandardCharsets.UTF_8).length)
				.append("\r\n")
				.append(word)
				.append("\r\n");
		}
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			int first = in.read();
			if (first == '-') {
				throw new IllegalStateException("redis refused " + List.of(words));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
