package io.n6k.server;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.n6k.protocol.Frame;
import io.n6k.protocol.FrameDecoder;
import io.n6k.protocol.MalformedFrameException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A {@link WebSocketSession} that records what the server writes, after spring-graphql's
 * {@code TestWebSocketSession}. {@link #stopReading()} makes {@code sendMessage} block,
 * as a container does when the client does not read and the socket buffers are full.
 *
 * @author n6k
 */
class TestWebSocketSession implements WebSocketSession {

	private final List<byte[]> sent = new CopyOnWriteArrayList<>();

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private volatile CountDownLatch reading = new CountDownLatch(0);

	private volatile @Nullable CloseStatus closeStatus;

	private final CountDownLatch closed = new CountDownLatch(1);

	void stopReading() {
		this.reading = new CountDownLatch(1);
	}

	void resumeReading() {
		this.reading.countDown();
	}

	List<byte[]> sent() {
		return this.sent;
	}

	List<Frame> sentFrames() {
		List<Frame> frames = new ArrayList<>();
		for (byte[] bytes : this.sent) {
			try {
				frames.add(FrameDecoder.decode(ByteBuffer.wrap(bytes)));
			}
			catch (MalformedFrameException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return frames;
	}

	long sentOfType(int type) {
		return sentFrames().stream().filter((frame) -> frame.type() == type).count();
	}

	@Nullable CloseStatus closeStatus() {
		return this.closeStatus;
	}

	CloseStatus awaitClose(Duration timeout) throws InterruptedException {
		if (!this.closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("session not closed within " + timeout);
		}
		CloseStatus status = this.closeStatus;
		if (status == null) {
			throw new AssertionError("no close status");
		}
		return status;
	}

	@Override
	public void sendMessage(WebSocketMessage<?> message) {
		try {
			this.reading.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		ByteBuffer payload = ((BinaryMessage) message).getPayload();
		byte[] bytes = new byte[payload.remaining()];
		payload.get(bytes);
		this.sent.add(bytes);
	}

	@Override
	public void close() {
		close(CloseStatus.NORMAL);
	}

	@Override
	public void close(CloseStatus status) {
		if (this.closeStatus == null) {
			this.closeStatus = status;
			this.closed.countDown();
		}
	}

	@Override
	public boolean isOpen() {
		return this.closeStatus == null;
	}

	@Override
	public String getId() {
		return "test";
	}

	@Override
	public @Nullable URI getUri() {
		return URI.create("ws://localhost/ws");
	}

	@Override
	public HttpHeaders getHandshakeHeaders() {
		return new HttpHeaders();
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	@Override
	public @Nullable Principal getPrincipal() {
		return null;
	}

	@Override
	public @Nullable InetSocketAddress getLocalAddress() {
		return null;
	}

	@Override
	public @Nullable InetSocketAddress getRemoteAddress() {
		return null;
	}

	@Override
	public @Nullable String getAcceptedProtocol() {
		return null;
	}

	@Override
	public void setTextMessageSizeLimit(int messageSizeLimit) {
	}

	@Override
	public int getTextMessageSizeLimit() {
		return 0;
	}

	@Override
	public void setBinaryMessageSizeLimit(int messageSizeLimit) {
	}

	@Override
	public int getBinaryMessageSizeLimit() {
		return 0;
	}

	@Override
	public List<WebSocketExtension> getExtensions() {
		return List.of();
	}

}
