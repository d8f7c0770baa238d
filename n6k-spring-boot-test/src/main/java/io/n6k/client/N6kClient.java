package io.n6k.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import io.n6k.protocol.Args;
import io.n6k.protocol.Frame;
import io.n6k.protocol.FrameDecoder;
import io.n6k.protocol.MalformedFrameException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * A small n6k client over {@code java.net.http.WebSocket}, for tests and tools: it sends
 * frames, keeps every received frame in an inbox, and offers the usual exchanges
 * (handshake, requests with or without automatic credit, cancel, PUSH). It never
 * interprets more than a test needs, so tests can see exactly what the server sent.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class N6kClient implements AutoCloseable {

	/** Default wait for a frame. */
	public static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final WebSocket socket;

	private final Listener listener;

	/** Headers are small: the default packer would allocate 8 KiB for each. */
	private static final MessagePack.PackerConfig HEADER_PACKER = new MessagePack.PackerConfig().withBufferSize(256);

	private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

	private N6kClient(WebSocket socket, Listener listener) {
		this.socket = socket;
		this.listener = listener;
	}

	/**
	 * Connect.
	 * @param uri the WebSocket URI, such as {@code ws://localhost:8080/ws?catalog=db}
	 * @return the client
	 */
	public static N6kClient connect(URI uri) {
		return connect(uri, Map.of());
	}

	/**
	 * Connect with upgrade request headers (for example {@code Authorization}).
	 * @param uri the WebSocket URI
	 * @param headers extra headers
	 * @return the client
	 */
	public static N6kClient connect(URI uri, Map<String, String> headers) {
		return connect(HttpClient.newHttpClient(), uri, headers);
	}

	/**
	 * Connect through a given {@link HttpClient}, so that many connections share its
	 * selector thread and executor (one {@code HttpClient} per socket costs a thread
	 * each).
	 * @param http the HTTP client
	 * @param uri the WebSocket URI
	 * @param headers extra headers
	 * @return the client
	 */
	public static N6kClient connect(HttpClient http, URI uri, Map<String, String> headers) {
		Listener listener = new Listener();
		WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(TIMEOUT);
		headers.forEach(builder::header);
		WebSocket socket = builder.buildAsync(uri, listener)
			.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.join();
		return new N6kClient(socket, listener);
	}

	// ---------------------------------------------------------------- sending

	/**
	 * Send a frame: a header map (keys in iteration order) and a body.
	 * @param header the header
	 * @param body the body, possibly empty
	 */
	public void send(Map<String, ?> header, byte[] body) {
		sendRaw(frame(header, body));
	}

	public void send(Map<String, ?> header) {
		send(header, new byte[0]);
	}

	/**
	 * Send bytes as one binary message, whatever they contain.
	 * @param message the message
	 */
	public void sendRaw(byte[] message) {
		enqueue((ws) -> ws.sendBinary(ByteBuffer.wrap(message), true)).join();
	}

	/**
	 * Queue a send behind those not yet completed (the JDK WebSocket allows one
	 * outstanding send), so that a send need not wait for the one before it.
	 */
	private synchronized CompletableFuture<?> enqueue(Function<WebSocket, CompletableFuture<WebSocket>> send) {
		CompletableFuture<?> next = this.tail.handle((result, error) -> this.socket).thenCompose(send);
		this.tail = next;
		return next;
	}

	/**
	 * Send one binary message as several WebSocket frames (continuation frames), as some
	 * clients do for large messages.
	 * @param message the message
	 * @param fragmentSize bytes per frame
	 */
	public synchronized void sendFragmented(byte[] message, int fragmentSize) {
		for (int offset = 0; offset < message.length || offset == 0; offset += fragmentSize) {
			int start = offset;
			int end = Math.min(message.length, offset + fragmentSize);
			enqueue((ws) -> ws.sendBinary(ByteBuffer.wrap(message, start, end - start), end == message.length)).join();
			if (end == message.length) {
				break;
			}
		}
	}

	/**
	 * Encode a frame (header and body) without sending it.
	 * @param header the header
	 * @param body the body
	 * @return the message bytes
	 */
	public static byte[] frame(Map<String, ?> header, byte[] body) {
		if (body.length == 0) {
			return encode(header);
		}
		try (MessageBufferPacker packer = HEADER_PACKER.newBufferPacker()) {
			pack(packer, header);
			// header and body written once into the message, read once by toByteArray
			packer.addPayload(body);
			return packer.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public void sendText(String text) {
		enqueue((ws) -> ws.sendText(text, true)).join();
	}

	public void hello(long ns, @Nullable String catalog, @Nullable String token) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("t", 11);
		header.put("token", (token != null) ? token : "");
		if (catalog != null) {
			header.put("catalog", catalog);
		}
		if (ns != 0) {
			header.put("ns", ns);
		}
		send(header);
	}

	/**
	 * Send a REQ.
	 * @param id request id
	 * @param ns session (0 for the default session)
	 * @param op op code
	 * @param args op arguments
	 * @param body body bytes (Arrow IPC for INSERT and RPC_TABLE)
	 */
	public void request(long id, long ns, int op, Map<String, ?> args, byte[] body) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("t", 1);
		header.put("id", id);
		header.put("op", op);
		if (ns != 0) {
			header.put("ns", ns);
		}
		header.putAll(args);
		send(header, body);
	}

	public void request(long id, int op, Map<String, ?> args) {
		request(id, 0, op, args, new byte[0]);
	}

	public void credit(long id, long ns, long n) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("t", 7);
		header.put("id", id);
		header.put("n", n);
		if (ns != 0) {
			header.put("ns", ns);
		}
		send(header);
	}

	public void cancel(long id, long ns) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("t", 6);
		header.put("id", id);
		if (ns != 0) {
			header.put("ns", ns);
		}
		send(header);
	}

	public void ping(long id) {
		send(Map.of("t", 9, "id", id));
	}

	// ---------------------------------------------------------------- receiving

	/**
	 * Take the next frame, whatever it is.
	 * @param timeout how long to wait
	 * @return the frame
	 */
	public ReceivedFrame next(Duration timeout) {
		return take((frame) -> true, timeout);
	}

	public ReceivedFrame next() {
		return next(TIMEOUT);
	}

	/**
	 * Take the first frame (already received or arriving) that matches.
	 * @param filter which frame
	 * @param timeout how long to wait
	 * @return the frame
	 * @throws AssertionError when none arrives in time
	 */
	public ReceivedFrame take(Predicate<ReceivedFrame> filter, Duration timeout) {
		ReceivedFrame frame = poll(filter, timeout);
		if (frame == null) {
			throw new AssertionError("no matching frame within " + timeout + "; inbox: " + this.listener.snapshot()
					+ ((this.listener.closed.isDone()) ? ", closed " + this.listener.closed.join() : ""));
		}
		return frame;
	}

	/**
	 * Take the first matching frame, or {@code null} when none arrives in time.
	 * @param filter which frame
	 * @param timeout how long to wait
	 * @return the frame or {@code null}
	 */
	public @Nullable ReceivedFrame poll(Predicate<ReceivedFrame> filter, Duration timeout) {
		return this.listener.take(filter, timeout);
	}

	/**
	 * Return frames received and not yet taken.
	 * @return a snapshot
	 */
	public List<ReceivedFrame> inbox() {
		return this.listener.snapshot();
	}

	/**
	 * Collect the frames of one request up to its terminal frame, without sending credit.
	 * @param id request id
	 * @param ns session
	 * @param timeout wait for each frame
	 * @return the response
	 */
	public Response collect(long id, long ns, Duration timeout) {
		return collect(id, ns, timeout, false);
	}

	/**
	 * Collect the frames of one request up to its terminal frame.
	 * @param id request id
	 * @param ns session
	 * @param timeout wait for each frame
	 * @param autoCredit whether to answer each Arrow chunk with {@code CREDIT{n:1}}, as
	 * the native client does
	 * @return the response
	 */
	public Response collect(long id, long ns, Duration timeout, boolean autoCredit) {
		List<ReceivedFrame> frames = new ArrayList<>();
		while (true) {
			ReceivedFrame frame = take((f) -> isFor(f, id, ns), timeout);
			frames.add(frame);
			if (frame.type() == 4 || frame.type() == 5) {
				return new Response(frames);
			}
			if (autoCredit && frame.type() == 3 && frame.has("arrow")) {
				creditUnlessClosed(id, ns);
			}
		}
	}

	private void creditUnlessClosed(long id, long ns) {
		try {
			credit(id, ns, 1);
		}
		catch (CompletionException ex) {
			// A server that closes right after its last frame (shutdown) reads no more
			// credit: only a failure on an open socket is the caller's business.
			if (!this.socket.isOutputClosed() && !this.listener.closed.isDone()) {
				throw ex;
			}
		}
	}

	/**
	 * Send a request and collect its whole response, crediting every chunk.
	 * @param id request id
	 * @param ns session
	 * @param op op code
	 * @param args arguments
	 * @param body body
	 * @return the response
	 */
	public Response call(long id, long ns, int op, Map<String, ?> args, byte[] body) {
		request(id, ns, op, args, body);
		return collect(id, ns, TIMEOUT, true);
	}

	public Response call(long id, int op, Map<String, ?> args) {
		return call(id, 0, op, args, new byte[0]);
	}

	/**
	 * Send a streaming request (SCAN, QUERY, RPC_TABLE, AGGREGATE) and hand each record
	 * batch to {@code consumer} as it arrives, on the socket's reading thread. Batches
	 * are decoded in place: the vectors are slices of one reused off-heap buffer that the
	 * socket's bytes were copied into once, so the root and its vectors are only valid
	 * during the call. Every data chunk is credited as soon as it starts to arrive (one
	 * {@code CREDIT{n:1}} per chunk, as the native client sends them), so the server's
	 * window of chunks stays full. Frames of this request do not reach the inbox.
	 * @param id request id
	 * @param ns session
	 * @param op op code
	 * @param args arguments
	 * @param allocator where the batches are decoded (closed buffers are reused)
	 * @param consumer called for each batch
	 * @param timeout wait for the whole response
	 * @return the terminal frame and counts
	 * @throws AssertionError when the response does not end in time (the request is then
	 * cancelled)
	 */
	public ArrowStreamResult stream(long id, long ns, int op, Map<String, ?> args, BufferAllocator allocator,
			Consumer<VectorSchemaRoot> consumer, Duration timeout) {
		Map<String, Object> credit = new LinkedHashMap<>();
		credit.put("t", 7);
		credit.put("id", id);
		credit.put("n", 1);
		if (ns != 0) {
			credit.put("ns", ns);
		}
		byte[] creditFrame = encode(credit);
		ArrowStream stream = new ArrowStream(allocator, consumer,
				() -> enqueue((ws) -> ws.sendBinary(ByteBuffer.wrap(creditFrame), true)));
		StreamKey key = new StreamKey(ns, id);
		this.listener.streams.put(key, stream);
		try {
			request(id, ns, op, args, new byte[0]);
			return stream.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			if (this.listener.streams.remove(key) != null) {
				cancel(id, ns);
			}
			throw new AssertionError("stream " + id + " did not end within " + timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new IllegalStateException("stream " + id + " failed: " + cause.getMessage(), cause);
		}
		finally {
			this.listener.streams.remove(key);
		}
	}

	/**
	 * Return a future that completes with the close code and reason.
	 * @return the future
	 */
	public CompletableFuture<CloseInfo> closed() {
		return this.listener.closed;
	}

	/**
	 * Wait for the server to close the connection.
	 * @param timeout how long
	 * @return the close code and reason
	 */
	public CloseInfo awaitClose(Duration timeout) {
		try {
			return this.listener.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("connection not closed within " + timeout);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public boolean isClosed() {
		return this.listener.closed.isDone();
	}

	/**
	 * Stop reading from the socket, as a slow or stuck client would; the server's sends
	 * then back up.
	 */
	public void pauseReading() {
		this.listener.paused = true;
	}

	/** Resume reading after {@link #pauseReading()}. */
	public void resumeReading() {
		this.listener.paused = false;
		if (this.listener.owed) {
			this.listener.owed = false;
			this.socket.request(1);
		}
	}

	/** Abort the TCP connection without a close handshake. */
	public void abort() {
		this.socket.abort();
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			try {
				this.tail.handle((result, error) -> null).get(2, TimeUnit.SECONDS);
				this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				// closing anyway
			}
		}
		this.socket.abort();
	}

	private static boolean isFor(ReceivedFrame frame, long id, long ns) {
		Long frameId = frame.id();
		int type = frame.type();
		return type >= 2 && type <= 5 && frameId != null && frameId == id && frame.ns() == ns;
	}

	/**
	 * Encode a header map with msgpack (integers in their smallest form).
	 * @param header the header
	 * @return the bytes
	 */
	public static byte[] encode(Map<String, ?> header) {
		try (MessageBufferPacker packer = HEADER_PACKER.newBufferPacker()) {
			pack(packer, header);
			return packer.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void pack(MessageBufferPacker packer, @Nullable Object value) throws IOException {
		if (value == null) {
			packer.packNil();
		}
		else if (value instanceof String s) {
			packer.packString(s);
		}
		else if (value instanceof Boolean b) {
			packer.packBoolean(b);
		}
		else if (value instanceof Double d) {
			packer.packDouble(d);
		}
		else if (value instanceof Float f) {
			packer.packFloat(f);
		}
		else if (value instanceof BigInteger i) {
			packer.packBigInteger(i);
		}
		else if (value instanceof Number n) {
			packer.packLong(n.longValue());
		}
		else if (value instanceof byte[] bytes) {
			packer.packBinaryHeader(bytes.length);
			packer.writePayload(bytes);
		}
		else if (value instanceof Map<?, ?> map) {
			packer.packMapHeader(map.size());
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				pack(packer, entry.getKey());
				pack(packer, entry.getValue());
			}
		}
		else if (value instanceof List<?> list) {
			packer.packArrayHeader(list.size());
			for (Object element : list) {
				pack(packer, element);
			}
		}
		else {
			throw new IllegalArgumentException("cannot encode " + value.getClass());
		}
	}

	/**
	 * How the server closed the connection.
	 *
	 * @param code close code
	 * @param reason close reason
	 */
	public record CloseInfo(int code, String reason) {
	}

	private record StreamKey(long ns, long id) {
	}

	private static final class Listener implements WebSocket.Listener {

		private final ReentrantLock lock = new ReentrantLock();

		private final Condition arrived = this.lock.newCondition();

		private final List<ReceivedFrame> inbox = new ArrayList<>();

		/** How much of a part's start is read for the header of a data chunk. */
		private static final int HEAD_BYTES = 256;

		final Map<StreamKey, ArrowStream> streams = new ConcurrentHashMap<>();

		/** A message that arrives in several parts, gathered until its last part. */
		private byte[] partial = new byte[0];

		private int partialLength;

		/** The stream whose data chunk is arriving in parts, if any. */
		private @Nullable ArrowStream routed;

		/**
		 * Whether the rest of the current message is to be dropped (its stream failed).
		 */
		private boolean discarding;

		final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();

		volatile boolean paused;

		volatile boolean owed;

		private void demand(WebSocket webSocket) {
			if (this.paused) {
				this.owed = true;
			}
			else {
				webSocket.request(1);
			}
		}

		@Override
		public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			ArrowStream stream = this.routed;
			if (this.discarding || stream != null) {
				if (stream != null) {
					continueChunk(stream, data, last);
				}
				if (last) {
					this.routed = null;
					this.discarding = false;
				}
			}
			else if (this.partialLength == 0 && last) {
				// the whole message in one part: read it where it is
				if (!route(data, true)) {
					add(data);
				}
			}
			else if (this.partialLength == 0 && route(data, false)) {
				// a data chunk of a stream: its parts go straight to the stream
			}
			else {
				gather(data);
				if (last) {
					ByteBuffer whole = ByteBuffer.wrap(this.partial, 0, this.partialLength);
					if (!route(whole, true)) {
						add(whole);
					}
					this.partialLength = 0;
					if (this.partial.length > (4 << 20)) {
						this.partial = new byte[0];
					}
				}
			}
			demand(webSocket);
			return null;
		}

		private void gather(ByteBuffer data) {
			int n = data.remaining();
			if (this.partialLength + n > this.partial.length) {
				this.partial = Arrays.copyOf(this.partial,
						Math.max(this.partialLength + n, Math.max(64 * 1024, this.partial.length * 2)));
			}
			data.get(this.partial, this.partialLength, n);
			this.partialLength += n;
		}

		/**
		 * Hand a message (or the first part of one) to the stream it belongs to, if any.
		 * Only data chunks are taken in parts; the other frames of a stream are taken
		 * once complete.
		 * @return whether a stream took it
		 */
		private boolean route(ByteBuffer data, boolean complete) {
			if (this.streams.isEmpty()) {
				return false;
			}
			// The socket's buffer may be a slice of a larger array, which the msgpack
			// reader
			// does not take at an offset: decode the header from a copy of the part's
			// start.
			// Data chunk headers are a few bytes; anything longer is not routed in parts.
			byte[] start = new byte[Math.min(data.remaining(), complete ? data.remaining() : HEAD_BYTES)];
			data.duplicate().get(start);
			Frame frame;
			try {
				frame = FrameDecoder.decode(ByteBuffer.wrap(start));
			}
			catch (MalformedFrameException ex) {
				// a part too short for its header, or not a frame: gather it
				return false;
			}
			ByteBuffer body = data.duplicate();
			body.position(body.position() + start.length - frame.body().remaining());
			Long id = Args.longValue(frame.header().get("id"));
			Long type = Args.longValue(frame.header().get("t"));
			Long ns = Args.longValue(frame.header().get("ns"));
			if (id == null || type == null) {
				return false;
			}
			StreamKey key = new StreamKey((ns != null) ? ns : 0, id);
			ArrowStream stream = this.streams.get(key);
			if (stream == null || (!complete && !(type == 3 && frame.header().containsKey("arrow")))) {
				return false;
			}
			try {
				if (type == 3 && frame.header().containsKey("arrow")) {
					stream.beginChunk(true);
					stream.append(body);
					if (complete) {
						stream.endChunk();
					}
					else {
						this.routed = stream;
					}
				}
				else if (type == 2) {
					stream.schemaFrame(body);
				}
				else if (type == 4 || type == 5) {
					this.streams.remove(key);
					stream.finish(copy(start, frame));
				}
			}
			catch (RuntimeException ex) {
				this.streams.remove(key);
				this.routed = null;
				this.discarding = !complete;
				stream.fail(ex);
			}
			return true;
		}

		private void continueChunk(ArrowStream stream, ByteBuffer data, boolean last) {
			try {
				stream.append(data);
				if (last) {
					stream.endChunk();
				}
			}
			catch (RuntimeException ex) {
				this.streams.values().remove(stream);
				this.routed = null;
				this.discarding = !last;
				stream.fail(ex);
			}
		}

		@Override
		public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			webSocket.request(1);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(new CloseInfo(statusCode, reason));
			failStreams(new IllegalStateException("connection closed: " + statusCode + " " + reason));
			this.lock.lock();
			try {
				this.arrived.signalAll();
			}
			finally {
				this.lock.unlock();
			}
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.complete(new CloseInfo(1006, String.valueOf(error.getMessage())));
			failStreams(error);
		}

		private void failStreams(Throwable error) {
			for (StreamKey key : List.copyOf(this.streams.keySet())) {
				ArrowStream stream = this.streams.remove(key);
				if (stream != null) {
					stream.fail(error);
				}
			}
		}

		/** Copy a message out of the socket's buffer: the raw bytes, and the body. */
		private static ReceivedFrame copy(byte[] raw, Frame decoded) {
			int bodyLength = decoded.body().remaining();
			return new ReceivedFrame(decoded.header(), Arrays.copyOfRange(raw, raw.length - bodyLength, raw.length),
					raw);
		}

		private void add(ByteBuffer message) {
			byte[] raw = new byte[message.remaining()];
			message.duplicate().get(raw);
			ReceivedFrame frame;
			try {
				frame = copy(raw, FrameDecoder.decode(ByteBuffer.wrap(raw)));
			}
			catch (MalformedFrameException ex) {
				frame = new ReceivedFrame(Map.of("malformed", true), raw, raw);
			}
			this.lock.lock();
			try {
				this.inbox.add(frame);
				this.arrived.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}

		@Nullable ReceivedFrame take(Predicate<ReceivedFrame> filter, Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			this.lock.lock();
			try {
				while (true) {
					for (Iterator<ReceivedFrame> it = this.inbox.iterator(); it.hasNext();) {
						ReceivedFrame frame = it.next();
						if (filter.test(frame)) {
							it.remove();
							return frame;
						}
					}
					long remaining = deadline - System.nanoTime();
					if (remaining <= 0) {
						return null;
					}
					this.arrived.awaitNanos(remaining);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
			finally {
				this.lock.unlock();
			}
		}

		List<ReceivedFrame> snapshot() {
			this.lock.lock();
			try {
				return new ArrayList<>(this.inbox);
			}
			finally {
				this.lock.unlock();
			}
		}

	}

}
