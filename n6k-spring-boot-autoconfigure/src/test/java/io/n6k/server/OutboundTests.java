package io.n6k.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.n6k.metrics.N6kStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Outbound}, the single writer of a connection, against a
 * {@link TestWebSocketSession}.
 *
 * @author n6k
 */
class OutboundTests {

	private final ExecutorService writer = Executors.newSingleThreadExecutor();

	private final TestWebSocketSession socket = new TestWebSocketSession();

	@AfterEach
	void stopWriter() {
		this.socket.resumeReading();
		this.writer.shutdownNow();
	}

	@Test
	void framesAreWrittenInTheOrderTheyWereQueued() throws Exception {
		Outbound outbound = outbound(1024 * 1024, 4 * 1024 * 1024);
		for (int i = 0; i < 1000; i++) {
			assertThat(outbound.send(ByteBuffer.allocate(4).putInt(0, i))).isTrue();
		}
		outbound.closeAfterFlush(CloseStatus.NORMAL);
		assertThat(this.socket.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseStatus.NORMAL);
		List<byte[]> sent = this.socket.sent();
		assertThat(sent).hasSize(1000);
		for (int i = 0; i < 1000; i++) {
			assertThat(ByteBuffer.wrap(sent.get(i)).getInt()).isEqualTo(i);
		}
		assertThat(outbound.queuedBytes()).isZero();
	}

	@Test
	void framesQueuedAfterACloseAreDropped() throws Exception {
		Outbound outbound = outbound(1024, 4096);
		outbound.send(new byte[] { 1 });
		outbound.closeAfterFlush(CloseStatus.GOING_AWAY);
		assertThat(outbound.send(new byte[] { 2 })).isFalse();
		assertThat(outbound.isClosing()).isTrue();
		assertThat(this.socket.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseStatus.GOING_AWAY);
		assertThat(this.socket.sent()).containsExactly(new byte[] { 1 });
	}

	@Test
	void streamsPauseAboveTheHighWaterMarkAndResumeBelowHalfOfIt() throws Exception {
		Outbound outbound = outbound(1000, 100_000);
		this.socket.stopReading();
		assertThat(outbound.whenDrained(() -> {
		})).as("registered while the queue is low").isFalse();
		outbound.send(new byte[600]);
		assertThat(outbound.overHighWater()).isFalse();
		outbound.send(new byte[600]);
		assertThat(outbound.overHighWater()).isTrue();
		assertThat(outbound.queuedBytes()).isEqualTo(1200);
		CountDownLatch resumed = new CountDownLatch(1);
		assertThat(outbound.whenDrained(resumed::countDown)).isTrue();
		assertThat(resumed.await(200, TimeUnit.MILLISECONDS)).as("woken while the client does not read").isFalse();
		this.socket.resumeReading();
		assertThat(resumed.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(outbound.overHighWater()).isFalse();
		assertThat(this.socket.isOpen()).isTrue();
	}

	@Test
	void aClientThatDoesNotReadIsClosedAtTheLimit() throws Exception {
		// what BackpressureTests.aClientThatFloodsWithoutReadingIsClosed checked over a
		// socket:
		// a client that keeps asking (here: a PONG for each PING) while not reading is
		// cut off
		long limit = 2 * 1024 * 1024;
		Outbound outbound = outbound(512 * 1024, limit);
		this.socket.stopReading();
		int accepted = 0;
		while (outbound.send(new byte[16]) && accepted < 1_000_000) {
			accepted++;
		}
		assertThat((long) accepted * 16).as("bytes accepted before the close").isLessThanOrEqualTo(limit);
		CloseStatus status = this.socket.awaitClose(Duration.ofSeconds(10));
		assertThat(status.getCode()).isEqualTo(1008);
		assertThat(status.getReason()).isEqualTo("send buffer limit exceeded");
		assertThat(outbound.isClosing()).isTrue();
		assertThat(outbound.send(new byte[16])).isFalse();
		// a stream that would park on the writer goes on instead, and sees the close
		assertThat(outbound.whenDrained(() -> {
		})).isFalse();
	}

	@Test
	void aFailingWriteClosesTheWriter() throws Exception {
		Outbound outbound = new Outbound(new TestWebSocketSession() {
			@Override
			public void sendMessage(org.springframework.web.socket.WebSocketMessage<?> message) {
				throw new IllegalStateException("broken pipe");
			}
		}, this.writer, new N6kStats().connectionOpened(), 1024, 4096);
		outbound.send(new byte[] { 1 });
		this.writer.shutdown();
		assertThat(this.writer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(outbound.isClosing()).isTrue();
		assertThat(outbound.send(new byte[] { 2 })).isFalse();
		assertThat(outbound.queuedBytes()).isZero();
	}

	@Test
	void aPooledFrameGoesBackToItsPoolOnceWritten() throws Exception {
		Outbound outbound = outbound(1024 * 1024, 4 * 1024 * 1024);
		FrameBuffers pool = new FrameBuffers(4);
		ByteBuffer frame = pool.acquire(FrameBuffers.DIRECT_THRESHOLD);
		frame.putInt(42).flip();
		assertThat(outbound.send(frame, pool)).isTrue();
		outbound.closeAfterFlush(CloseStatus.NORMAL);
		assertThat(this.socket.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseStatus.NORMAL);
		assertThat(this.socket.sent()).hasSize(1);
		assertThat(ByteBuffer.wrap(this.socket.sent().get(0)).getInt()).isEqualTo(42);
		assertThat(outbound.queuedBytes()).isZero();
		assertThat(pool.acquire(16)).as("reused after the write").isSameAs(frame);
	}

	@Test
	void aPooledFrameWhoseSendFailedIsReusedOnlyOnceItsSocketHasClosed() throws Exception {
		Outbound outbound = new Outbound(new TestWebSocketSession() {
			@Override
			public void sendMessage(org.springframework.web.socket.WebSocketMessage<?> message) {
				throw new IllegalStateException("broken pipe");
			}
		}, this.writer, new N6kStats().connectionOpened(), 1024 * 1024, 4 * 1024 * 1024);
		FrameBuffers pool = new FrameBuffers(4);
		ByteBuffer frame = pool.acquire(16);
		frame.putInt(42).flip();
		outbound.send(frame, pool);
		this.writer.shutdown();
		assertThat(this.writer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(outbound.isClosing()).isTrue();
		assertThat(outbound.queuedBytes()).isZero();
		assertThat(pool.acquire(16)).as("the container may still hold it").isNotSameAs(frame);
		outbound.socketClosed();
		assertThat(pool.acquire(16)).as("reused once the socket has closed").isSameAs(frame);
	}

	@Test
	void pooledFramesNeverHandedToTheContainerGoBackToTheirPool() throws Exception {
		Outbound outbound = outbound(1024 * 1024, 4 * 1024 * 1024);
		FrameBuffers pool = new FrameBuffers(4);
		outbound.closeNow(CloseStatus.NORMAL);
		assertThat(this.socket.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseStatus.NORMAL);
		ByteBuffer frame = pool.acquire(16);
		frame.putInt(42).flip();
		outbound.send(frame, pool);
		this.writer.shutdown();
		assertThat(this.writer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.socket.sent()).isEmpty();
		assertThat(pool.acquire(16)).as("never written, so free at once").isSameAs(frame);
	}

	@Test
	void aStoppedWriterDropsFramesInsteadOfThrowing() {
		this.writer.shutdown();
		Outbound outbound = outbound(1024, 4096);
		assertThat(outbound.send(new byte[] { 1 })).isTrue();
		assertThat(outbound.isClosing()).isTrue();
		assertThat(outbound.send(new byte[] { 2 })).isFalse();
		assertThat(this.socket.sent()).isEmpty();
	}

	@Test
	void aSmallAnswerIsWrittenByTheThreadThatQueuedItOnceItsWorkEnds() throws Exception {
		List<String> writers = new CopyOnWriteArrayList<>();
		TestWebSocketSession socket = recordingWriters(writers);
		Outbound outbound = new Outbound(socket, this.writer, new N6kStats().connectionOpened(), 1024 * 1024,
				4 * 1024 * 1024);
		outbound.writeAfter(() -> {
			outbound.send(new byte[] { 1 });
			outbound.send(new byte[] { 2 });
			assertThat(socket.sent()).as("nothing written while the work runs").isEmpty();
		});
		assertThat(socket.sent()).containsExactly(new byte[] { 1 }, new byte[] { 2 });
		assertThat(writers).containsOnly(Thread.currentThread().getName());
		assertThat(outbound.queuedBytes()).isZero();
	}

	@Test
	void aLargeAnswerIsLeftToTheWriter() throws Exception {
		List<String> writers = new CopyOnWriteArrayList<>();
		TestWebSocketSession socket = recordingWriters(writers);
		Outbound outbound = new Outbound(socket, this.writer, new N6kStats().connectionOpened(), 1024 * 1024,
				4 * 1024 * 1024);
		outbound.writeAfter(() -> {
			outbound.send(new byte[(int) Outbound.INLINE_WRITE_BYTES]);
			outbound.send(new byte[1]);
		});
		outbound.closeAfterFlush(CloseStatus.NORMAL);
		assertThat(socket.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseStatus.NORMAL);
		assertThat(socket.sent()).hasSize(2);
		assertThat(writers).doesNotContain(Thread.currentThread().getName());
	}

	@Test
	void framesQueuedByOtherThreadsMeanwhileKeepTheirOrder() throws Exception {
		Outbound outbound = outbound(1024 * 1024, 4 * 1024 * 1024);
		outbound.writeAfter(() -> {
			outbound.send(new byte[] { 1 });
			Thread other = new Thread(() -> outbound.send(new byte[] { 2 }));
			other.start();
			try {
				other.join();
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
			outbound.send(new byte[] { 3 });
		});
		outbound.closeAfterFlush(CloseStatus.NORMAL);
		assertThat(this.socket.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseStatus.NORMAL);
		assertThat(this.socket.sent()).containsExactly(new byte[] { 1 }, new byte[] { 2 }, new byte[] { 3 });
	}

	private static TestWebSocketSession recordingWriters(List<String> writers) {
		return new TestWebSocketSession() {
			@Override
			public void sendMessage(org.springframework.web.socket.WebSocketMessage<?> message) {
				writers.add(Thread.currentThread().getName());
				super.sendMessage(message);
			}
		};
	}

	private Outbound outbound(long highWater, long limit) {
		return new Outbound(this.socket, this.writer, new N6kStats().connectionOpened(), highWater, limit);
	}

}
