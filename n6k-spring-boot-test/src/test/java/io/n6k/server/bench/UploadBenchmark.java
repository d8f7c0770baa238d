package io.n6k.server.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.n6k.client.ArrowIpc;
import io.n6k.client.N6kClient;
import io.n6k.client.Response;
import io.n6k.protocol.Frame;
import io.n6k.protocol.FrameDecoder;
import io.n6k.support.TestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Upload speed on whichever servlet container is on the classpath (Tomcat or Jetty):
 * <ol>
 * <li>INSERT of {@code rows} rows of {@code (BIGINT, VARCHAR)} in one message through
 * {@link N6kClient} (the JDK WebSocket client), into DuckDB;</li>
 * <li>raw inbound: a plain socket client that sends 16 MiB INSERT messages in 1 MiB
 * frames with a zero masking key (so the client spends nothing on masking) to a table
 * that does not exist; the server reads, unmasks and joins each message, then answers
 * with an error. This is the container's and the n6k handler's inbound path without
 * DuckDB.</li>
 * </ol>
 * Not a test; run by hand (docs/performance.md has the command):
 * {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp <test classpath> io.n6k.server.bench.UploadBenchmark [rows] [raw MiB]}.
 */
public final class UploadBenchmark {

	private static final int MESSAGE = 16 * 1024 * 1024;

	private static final int FRAME = 1024 * 1024;

	private UploadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int rows = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		int rawMiB = (args.length > 1) ? Integer.parseInt(args[1]) : 512;
		byte[] body = ArrowIpc.numberedRows(rows);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class).run(
				"--server.port=0", "--n6k.catalogs.bench.path=:memory:", "--n6k.catalogs.bench.access=all",
				"--n6k.duckdb.init-sql[0]=CREATE TABLE bench.main.t (i BIGINT, s VARCHAR)",
				"--n6k.websocket.max-binary-message-size=1GB", "--logging.level.root=WARN");
		try {
			String server = ((WebServerApplicationContext) context).getWebServer().getClass().getSimpleName();
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			System.out.printf("%s, Java %s, %d cores%n", server, System.getProperty("java.version"),
					Runtime.getRuntime().availableProcessors());
			try (N6kClient client = N6kClient.connect(URI.create("ws://localhost:" + port + "/ws?catalog=bench"))) {
				client.next();
				for (int run = 0; run < 5; run++) {
					long start = System.nanoTime();
					Response response = client.call(run + 1, 0, 5, Map.of("schema", "main", "table", "t"), body);
					double seconds = (System.nanoTime() - start) / 1e9;
					System.out.printf("insert %d: %,d rows (%,d bytes) in %.3f s = %,.0f rows/s, %,.0f MB/s %s%n", run,
							rows, body.length, seconds, rows / seconds, body.length / seconds / 1e6,
							response.isError() ? response.terminal() : "");
				}
			}
			for (int run = 0; run < 5; run++) {
				raw(port, rawMiB);
			}
		}
		finally {
			context.close();
		}
	}

	private static void raw(int port, int mebibytes) throws IOException, Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setTcpNoDelay(true);
			OutputStream out = socket.getOutputStream();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			String key = Base64.getEncoder().encodeToString("n6k-upload-bench".getBytes(StandardCharsets.US_ASCII));
			out.write(("GET /ws?catalog=bench HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
					+ "\r\nSec-WebSocket-Version: 13\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			readHttpResponse(in);
			readMessage(in); // HELLO_ACK
			int messages = Math.max(1, mebibytes / 16);
			byte[] chunk = new byte[FRAME];
			long start = System.nanoTime();
			for (int id = 1; id <= messages; id++) {
				Map<String, Object> header = new LinkedHashMap<>();
				header.put("t", 1);
				header.put("id", id);
				header.put("op", 5);
				header.put("schema", "main");
				header.put("table", "missing");
				byte[] head = N6kClient.encode(header);
				int remaining = MESSAGE;
				writeFrame(out, true, false, head, 0, head.length);
				while (remaining > 0) {
					int n = Math.min(FRAME, remaining);
					remaining -= n;
					writeFrame(out, false, remaining == 0, chunk, 0, n);
				}
			}
			out.flush();
			int answered = 0;
			while (answered < messages) {
				Frame frame = FrameDecoder.decode(ByteBuffer.wrap(readMessage(in)));
				if (frame.type() == 4 || frame.type() == 5) {
					answered++;
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			long bytes = (long) messages * MESSAGE;
			System.out.printf("raw inbound: %,d MiB in %.3f s = %,.0f MB/s%n", bytes >> 20, seconds,
					bytes / seconds / 1e6);
		}
	}

	/**
	 * A client frame with a zero masking key: masked as RFC 6455 requires, bytes
	 * unchanged.
	 */
	private static void writeFrame(OutputStream out, boolean first, boolean fin, byte[] data, int offset, int length)
			throws IOException {
		byte[] head = new byte[14];
		int n = 0;
		head[n++] = (byte) ((fin ? 0x80 : 0) | (first ? 0x2 : 0x0));
		if (length < 126) {
			head[n++] = (byte) (0x80 | length);
		}
		else if (length < 65536) {
			head[n++] = (byte) (0x80 | 126);
			head[n++] = (byte) (length >> 8);
			head[n++] = (byte) length;
		}
		else {
			head[n++] = (byte) (0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				head[n++] = (byte) ((long) length >> shift);
			}
		}
		n += 4; // masking key 0,0,0,0
		out.write(head, 0, n);
		out.write(data, offset, length);
	}

	private static void readHttpResponse(InputStream in) throws IOException {
		StringBuilder response = new StringBuilder();
		while (!response.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("closed during the handshake: " + response);
			}
			response.append((char) b);
		}
		if (!response.toString().startsWith("HTTP/1.1 101")) {
			throw new IOException("handshake refused: " + response);
		}
	}

	/** Read one whole binary message (server frames are not masked). */
	private static byte[] readMessage(DataInputStream in) throws IOException {
		java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
		while (true) {
			int b0 = in.readUnsignedByte();
			int b1 = in.readUnsignedByte();
			long length = b1 & 0x7f;
			if (length == 126) {
				length = in.readUnsignedShort();
			}
			else if (length == 127) {
				length = in.readLong();
			}
			byte[] payload = new byte[(int) length];
			in.readFully(payload);
			int opcode = b0 & 0x0f;
			if (opcode == 0x8) {
				throw new IOException("server closed: " + new String(payload, StandardCharsets.UTF_8));
			}
			if (opcode >= 0x8) {
				continue; // ping/pong
			}
			message.write(payload);
			if ((b0 & 0x80) != 0) {
				return message.toByteArray();
			}
		}
	}

}
